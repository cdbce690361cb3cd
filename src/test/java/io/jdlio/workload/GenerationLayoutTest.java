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
import org.junit.jupiter.params.provider.CsvSource;

/**
 * DLIO's test_gen_data and test_storage_root_gen_data (§9.2 item 1): exactly num_files_train files under
 * train/ and num_files_eval under valid/, flat or in subfolders, relative to storage_root.
 */
class GenerationLayoutTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}, {1} subfolders")
    @CsvSource({"npz, 0", "npz, 3", "npy, 2", "tfrecord, 0", "tfrecord, 2", "indexed_binary, 2",
        "mmap_indexed_binary, 0", "csv, 2", "jpeg, 2", "png, 0", "synthetic, 2", "hdf5, 2", "parquet, 2"})
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
