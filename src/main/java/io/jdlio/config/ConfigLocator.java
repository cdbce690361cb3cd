package io.jdlio.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

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
        throw new ConfigException(name + ": no such workload file; give a path to a DLIO YAML, or the name of one "
                + "in workloads/ (e.g. unet3d_smoke.yaml)");
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
