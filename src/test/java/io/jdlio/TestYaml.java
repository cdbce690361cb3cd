package io.jdlio;

import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A workload YAML for tests, built key by key instead of concatenated:
 * {@code TestYaml.training(dir).set("dataset.num_files_train", 8).write(dir)}. Keys are DLIO's dotted paths;
 * sections and keys come out in the order first set. Values are written as given: booleans as DLIO's
 * {@code True}/{@code False}, lists in flow style, maps as nested sections, and anything else by its
 * {@code toString()}, so a test of a bad value can set the text it means ({@code "maybe"}, {@code ".nan"}).
 */
public final class TestYaml {
    private final Map<String, Object> root = new LinkedHashMap<>();

    private TestYaml() {
    }

    /** An empty workload: every key is DLIO's default until set. */
    public static TestYaml workload() {
        return new TestYaml();
    }

    /**
     * A small training run under {@code dir}: 8 npz files of 4 KiB in {@code dir/data}, batches of 2, one
     * reader thread, one epoch of 1 ms steps, outputs in {@code dir/out}.
     */
    public static TestYaml training(Path dir) {
        return workload()
                .set("model.name", "tiny")
                .set("framework", "pytorch")
                .set("workflow.train", true)
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 8)
                .set("dataset.record_length_bytes", 4096)
                .set("reader.data_loader", "pytorch")
                .set("reader.batch_size", 2)
                .set("reader.read_threads", 1)
                .set("train.epochs", 1)
                .set("train.computation_time", 0.001)
                .set("output.folder", dir.resolve("out"));
    }

    /** A checkpoint-only run of a {@code modelBytes} model into {@code dir/ckpt}. */
    public static TestYaml checkpointing(Path dir, long modelBytes) {
        return workload()
                .set("model.name", "small")
                .set("model.model_size_bytes", modelBytes)
                .set("framework", "pytorch")
                .set("workflow.train", false)
                .set("workflow.checkpoint", true)
                .set("checkpoint.checkpoint_folder", dir.resolve("ckpt"));
    }

    /** Sets {@code dotted} (e.g. {@code "dataset.num_files_train"}) to {@code value}, creating its sections. */
    @SuppressWarnings("unchecked")
    public TestYaml set(String dotted, Object value) {
        String[] parts = dotted.split("\\.");
        Map<String, Object> m = root;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = m.get(parts[i]);
            if (!(next instanceof Map)) {
                next = new LinkedHashMap<String, Object>();
                m.put(parts[i], next);
            }
            m = (Map<String, Object>) next;
        }
        m.put(parts[parts.length - 1], value);
        return this;
    }

    /** Removes {@code dotted}, so DLIO's default applies. */
    @SuppressWarnings("unchecked")
    public TestYaml remove(String dotted) {
        String[] parts = dotted.split("\\.");
        Map<String, Object> m = root;
        for (int i = 0; i < parts.length - 1 && m != null; i++) {
            Object next = m.get(parts[i]);
            m = next instanceof Map ? (Map<String, Object>) next : null;
        }
        if (m != null) {
            m.remove(parts[parts.length - 1]);
        }
        return this;
    }

    /** The YAML text. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        write(sb, root, "");
        return sb.toString();
    }

    @SuppressWarnings("unchecked")
    private static void write(StringBuilder sb, Map<String, Object> m, String indent) {
        for (Map.Entry<String, Object> e : m.entrySet()) {
            sb.append(indent).append(e.getKey()).append(':');
            if (e.getValue() instanceof Map) {
                sb.append('\n');
                write(sb, (Map<String, Object>) e.getValue(), indent + "  ");
            } else {
                sb.append(' ').append(scalar(e.getValue())).append('\n');
            }
        }
    }

    private static String scalar(Object v) {
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(TestYaml::scalar).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    /** Writes the YAML as {@code dir/workload.yaml}; returns that file. */
    public Path write(Path dir) {
        return writeTo(dir.resolve("workload.yaml"));
    }

    /** Writes the YAML to {@code file}; returns it. */
    public Path writeTo(Path file) {
        try {
            Files.writeString(file, text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The workload as the launcher reads it, named {@code name} in messages. */
    public Workload parse(String name) {
        return WorkloadLoader.parse(name, text(), List.of());
    }
}
