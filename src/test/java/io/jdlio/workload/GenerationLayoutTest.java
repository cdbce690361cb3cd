package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.plan.DatasetPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * DLIO's test_gen_data and test_storage_root_gen_data (docs/datasets.md, "Folders and names"): exactly num_files_train
 * files under train/ and num_files_eval under valid/, flat or in subfolders, relative to storage_root.
 */
class GenerationLayoutTest {
    @TempDir
    Path dir;

    /** Every format with subfolders, and a few without or with an odd count. */
    static Stream<Arguments> layouts() {
        return Stream.concat(io.jdlio.format.Formats.all().stream().map(f -> Arguments.of(f.yamlName(), 2)),
                Stream.of(Arguments.of("npz", 0), Arguments.of("npz", 3), Arguments.of("tfrecord", 0),
                        Arguments.of("mmap_indexed_binary", 0), Arguments.of("png", 0)));
    }

    @ParameterizedTest(name = "{0}, {1} subfolders")
    @MethodSource("layouts")
    void exactlyThePlannedFilesUnderStorageRoot(String format, int subfolders) throws Exception {
        Workload w = TestYaml.workload()
                .set("framework", format.equals("tfrecord") ? "tensorflow" : "pytorch")
                .set("storage.storage_root", dir.resolve("runs"))
                .set("dataset.data_folder", "data/gen")
                .set("dataset.format", format)
                .set("dataset.num_files_train", 7)
                .set("dataset.num_files_eval", 3)
                .set("dataset.num_samples_per_file", 2)
                .set("dataset.record_length_bytes", 1024)
                .set("dataset.num_subfolders_train", subfolders)
                .set("dataset.num_subfolders_eval", subfolders)
                .parse("gen.yaml");
        try (var storage = Datasets.storage(w)) {
            new Generation(w, new DatasetPlan(w.dataset()), storage, Datasets.format(w), 2).ensure(null);
        }
        Path root = dir.resolve("runs/data/gen");
        String glob = subfolders > 0 ? "*/*." + format : "*." + format;
        assertEquals(7, count(root.resolve("train"), glob));
        assertEquals(3, count(root.resolve("valid"), glob));
        if (subfolders > 0) {
            try (Stream<Path> s = Files.list(root.resolve("train"))) {
                assertEquals(subfolders, s.filter(Files::isDirectory).count());
            }
        }
        if (format.equals("tfrecord")) {
            assertEquals(7, count(root.resolve("index/train"), "*.idx"));
            assertEquals(3, count(root.resolve("index/valid"), "*.idx"));
        }
        assertTrue(Files.exists(root.resolve(".jdlio-manifest")));
    }

    private static long count(Path folder, String glob) throws Exception {
        var matcher = folder.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> matcher.matches(folder.relativize(p))).count();
        }
    }
}
