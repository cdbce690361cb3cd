package io.jdlio.workload;

import io.jdlio.metrics.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The datasets the launcher generated before its trials, handed to the forks (a file named by the system property
 * {@value #PROPERTY}) so that each trial's summary.json tells how its dataset was written and at what rate.
 */
public final class GeneratedDatasets {
    public static final String PROPERTY = "jdlio.generated";
    private static final Map<String, Object> MADE = new LinkedHashMap<>();

    private GeneratedDatasets() {
    }

    /** Records the launcher's generation of {@code dataFolder} (as {@link TrainingSession#dataFolderWhere()}). */
    public static synchronized void add(String dataFolder, Generation.Result r) {
        if (r.filesWritten() > 0) {
            MADE.put(dataFolder, r.json());
        }
    }

    /** The generations recorded so far in a temporary file for the forks, removed when this JVM exits. */
    public static synchronized Optional<Path> file() throws IOException {
        if (MADE.isEmpty()) {
            return Optional.empty();
        }
        Path f = Files.createTempFile("jdlio-generated", ".json");
        f.toFile().deleteOnExit();
        Files.writeString(f, Json.write(MADE));
        return Optional.of(f);
    }

    /** In a fork: the launcher's generation of {@code dataFolder}, when it did one. */
    @SuppressWarnings("unchecked")
    static Optional<Map<String, Object>> of(String dataFolder) {
        String f = System.getProperty(PROPERTY);
        if (f == null || f.isBlank() || !Files.isRegularFile(Path.of(f))) {
            return Optional.empty();
        }
        try {
            Object all = new Yaml(new LoaderOptions()).load(Files.readString(Path.of(f)));
            Object mine = all instanceof Map ? ((Map<String, Object>) all).get(dataFolder) : null;
            return mine instanceof Map ? Optional.of((Map<String, Object>) mine) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            // a figure for the report, not worth failing a trial over
            return Optional.empty();
        }
    }
}
