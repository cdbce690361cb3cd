package io.jdlio.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds a workload by name: a path, then {@code workloads/<name>} under the working directory, then the
 * workloads bundled in the jar; {@code .yaml} may be left off.
 */
public final class ConfigLocator {
    private ConfigLocator() {
    }

    public static Workload load(String name, List<String> overrides) {
        Path given = path(name, name);
        if (Files.isDirectory(given)) {
            throw new ConfigException(name + ": is a folder; give a path to a DLIO workload YAML file in it");
        }
        for (String candidate : List.of(name, name + ".yaml")) {
            Path p = path(name, candidate);
            if (Files.isRegularFile(p)) {
                return WorkloadLoader.load(p, overrides);
            }
            Path shipped = Path.of("workloads").resolve(candidate);
            if (Files.isRegularFile(shipped)) {
                return WorkloadLoader.load(shipped, overrides);
            }
        }
        for (String candidate : List.of(name, name + ".yaml")) {
            String resource = "/workloads/" + Path.of(candidate).getFileName();
            try (InputStream in = ConfigLocator.class.getResourceAsStream(resource)) {
                if (in != null) {
                    return WorkloadLoader.load(Path.of(candidate).getFileName().toString(), in, overrides);
                }
            } catch (IOException e) {
                throw new ConfigException(name + ": the bundled workload cannot be read: " + e.getMessage());
            }
        }
        String base = Path.of(name).getFileName() == null ? name : Path.of(name).getFileName().toString();
        String closest = Levenshtein.closest(base.endsWith(".yaml") ? base : base + ".yaml", bundled())
                .map(c -> "did you mean " + c + "? ").orElse("");
        throw new ConfigException(name + ": no such workload file; " + closest + "give a path to a DLIO YAML, or the "
                + "name of one in workloads/ or bundled in the jar (" + String.join(", ", bundled()) + ")");
    }

    /** The workloads bundled in the jar (or on the class path when run from classes), sorted by name. */
    public static List<String> bundled() {
        URL url = ConfigLocator.class.getResource("/workloads");
        if (url == null) {
            return List.of();
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
                    return yamlNames(fs.getPath("/workloads"));
                } catch (FileSystemAlreadyExistsException e) {
                    return yamlNames(FileSystems.getFileSystem(uri).getPath("/workloads"));
                }
            }
            return yamlNames(Path.of(uri));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // the listing only helps a message; a jar that cannot be listed still runs
            return List.of();
        }
    }

    private static List<String> yamlNames(Path folder) throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).forEach(names::add);
        }
        Collections.sort(names);
        return names;
    }

    /**
     * A name as a path. Under a locale whose charset cannot encode the name (LANG=C and a non-ASCII name), the
     * JVM cannot make a path of it at all; say so, and how to run.
     */
    static Path path(String what, String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new ConfigException(what + ": cannot be used as a path here (" + e.getReason() + "): the JVM's "
                    + "file name encoding is " + System.getProperty("sun.jnu.encoding") + "; run under a UTF-8 "
                    + "locale (e.g. LANG=C.UTF-8) or use an ASCII path");
        }
    }
}
