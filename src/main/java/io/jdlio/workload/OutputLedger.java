package io.jdlio.workload;

import io.jdlio.metrics.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code <output folder>/.jdlio-outputs}: the files jdlio wrote in an output folder, for which run and trial,
 * and what a later trial of the same run needs to merge with them ({@code partial}, e.g. a checkpoint trial's
 * timings). jdlio removes a file from an output folder only when this ledger names it.
 *
 * @param run the launcher run the trial belonged to (its forks share it)
 * @param trial the trial's parameters (config, overrides, accelerators)
 * @param files names of the files written, relative to the folder
 * @param partial trial data a later trial of the same run and parameters merges with; empty when none
 */
record OutputLedger(String run, String trial, List<String> files, Map<String, Object> partial) {
    static final String NAME = ".jdlio-outputs";

    OutputLedger {
        files = List.copyOf(files);
        partial = partial == null ? Map.of() : partial;
    }

    OutputLedger withFiles(List<String> names) {
        return new OutputLedger(run, trial, names, partial);
    }

    /** The ledger of {@code folder}, or empty when there is none (a folder jdlio never wrote, or an old one). */
    @SuppressWarnings("unchecked")
    static Optional<OutputLedger> read(Path folder) {
        Path f = folder.resolve(NAME);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            // JSON is YAML, so the YAML parser the configs use reads it
            Object o = new Yaml().load(Files.readString(f, StandardCharsets.UTF_8));
            if (!(o instanceof Map)) {
                return Optional.empty();
            }
            Map<String, Object> m = (Map<String, Object>) o;
            Object files = m.get("files");
            Object partial = m.get("partial");
            return Optional.of(new OutputLedger(String.valueOf(m.get("run")), String.valueOf(m.get("trial")),
                    files instanceof List ? ((List<Object>) files).stream().map(String::valueOf).toList() : List.of(),
                    partial instanceof Map ? (Map<String, Object>) partial : Map.of()));
        } catch (IOException | RuntimeException e) {
            // an unreadable ledger vouches for nothing: no file is removed on its word, nothing is merged
            return Optional.empty();
        }
    }

    String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("written_by", "jdlio: the files it wrote in this folder; it removes only these");
        m.put("run", run);
        m.put("trial", trial);
        m.put("files", files);
        m.put("partial", partial);
        return Json.write(m);
    }
}
