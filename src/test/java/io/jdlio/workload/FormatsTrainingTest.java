package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.metrics.EpochFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every format generates and trains end to end, reading exactly what its loader reads. */
class FormatsTrainingTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // format, bytes read per file per epoch beyond the data object (index files: 2 x 8 x nspf); -1: none at all
        "npy, 0",
        "indexed_binary, 128",
        "mmap_indexed_binary, 128",
        "tfrecord, 0",
        "csv, 0",
        "jpeg, 0",
        "png, 0",
        "synthetic, -1"})
    void generatesAndTrains(String format, long overheadPerFile) throws Exception {
        trains(format, overheadPerFile);
    }

    @org.junit.jupiter.api.Test
    void hdf5TrainsReadingTheSampleRowsOfEveryDataset() throws Exception {
        Path yaml = dir.resolve("h.yaml");
        Files.writeString(yaml, "framework: pytorch\ndataset:\n  data_folder: " + dir.resolve("data")
                + "\n  format: hdf5\n  num_files_train: 4\n  num_samples_per_file: 8\n  record_length_bytes: 4096\n"
                + "  compression: gzip\n  hdf5:\n    num_dset_per_record: 2\n"
                + "reader:\n  data_loader: pytorch\n  batch_size: 4\n  sample_shuffle: seed\n"
                + "train:\n  computation_time: 0.001\noutput:\n  folder: " + dir.resolve("out") + "\n");
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 1))) {
            assertEquals(4, s.ensureDataset(null).filesWritten());
            long read = s.runEpoch(true).bytesRead();
            long onDisk = 0;
            try (var walk = Files.walk(dir.resolve("data/train"))) {
                for (Path p : walk.filter(p -> p.toString().endsWith(".hdf5")).toList()) {
                    onDisk += Files.size(p);
                }
            }
            // 2 datasets x 32 samples x 4096 bytes of incompressible gzip chunks, plus metadata: jhdf re-reads
            // about a KiB of object headers per open file, and jdlio counts what it really reads
            assertTrue(read >= 2 * 32 * 4096 && read <= onDisk + 4 * 8192, read + " read, " + onDisk + " on disk");
        }
    }

    @org.junit.jupiter.api.Test
    void parquetTrainsReadingTheChosenColumnsOfEachRowGroupOnce() throws Exception {
        Path yaml = dir.resolve("p.yaml");
        Files.writeString(yaml, "framework: pytorch\ndataset:\n  data_folder: " + dir.resolve("data")
                + "\n  format: parquet\n  compression: zstd\n  num_files_train: 4\n  num_samples_per_file: 8\n"
                + "  record_length_bytes: 4096\n  parquet:\n    row_group_size: 3\n    columns:\n"
                + "      - {name: latents, dtype: float16, size: 2048}\n"
                + "      - {name: caption, dtype: string, read: false}\n"
                + "      - {name: step, dtype: int32}\n"
                + "reader:\n  data_loader: pytorch\n  batch_size: 4\n  read_threads: 1\n  sample_shuffle: seed\n"
                + "train:\n  computation_time: 0.001\noutput:\n  folder: " + dir.resolve("out") + "\n");
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 1))) {
            assertEquals(4, s.ensureDataset(null).filesWritten());
            long read = s.runEpoch(true).bytesRead();
            long expected = 0;
            try (var walk = Files.walk(dir.resolve("data/train"))) {
                for (Path p : walk.filter(p -> p.toString().endsWith(".parquet")).toList()) {
                    // pyarrow's footer read (the last 64 KiB), then each group's latents and step chunks
                    expected += Math.min(Files.size(p), 64 << 10);
                    for (var chunk : io.jdlio.DuckDb.inspect(p).get("chunks")) {
                        assertEquals("ZSTD", chunk.get("compression").asText());
                        if (!chunk.get("path_in_schema").asText().equals("caption")) {
                            expected += chunk.get("total_compressed_size").asLong();
                        }
                    }
                }
            }
            assertEquals(expected, read);
        }
    }

    @org.junit.jupiter.api.Test
    void compressedNpzTrains() throws Exception {
        // np.savez_compressed layout: the reader reads the ZIP tail, a local header and the compressed member
        Path yaml = dir.resolve("z.yaml");
        Files.writeString(yaml, "framework: pytorch\ndataset:\n  data_folder: " + dir.resolve("data")
                + "\n  format: npz\n  compression: zip\n  num_files_train: 4\n  record_length_bytes: 8192\n"
                + "reader:\n  data_loader: pytorch\n  batch_size: 2\ntrain:\n  computation_time: 0.001\n"
                + "output:\n  folder: " + dir.resolve("out") + "\n");
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 1))) {
            assertEquals(4, s.ensureDataset(null).filesWritten());
            long read = s.runEpoch(true).bytesRead();
            long expected = 0;
            try (var walk = Files.walk(dir.resolve("data/train"))) {
                for (Path p : walk.filter(p -> p.toString().endsWith(".npz")).toList()) {
                    try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(p.toFile())) {
                        // the 512-byte tail with the directory, x.npy's local header, its compressed bytes
                        expected += Math.min(Files.size(p), 512) + 30 + zip.getEntry("x.npy").getCompressedSize();
                    }
                }
            }
            assertEquals(expected, read);
        }
    }

    private void trains(String format, long overheadPerFile) throws Exception {
        Path yaml = dir.resolve(format + ".yaml");
        int files = 6;
        int nspf = 8;
        // DLIO reads tfrecord with the tensorflow loader only
        String framework = format.equals("tfrecord") ? "tensorflow" : "pytorch";
        Files.writeString(yaml, "framework: " + framework + "\ndataset:\n  data_folder: " + dir.resolve("data") + "\n  format: "
                + format + "\n  num_files_train: " + files + "\n  num_samples_per_file: " + nspf
                + "\n  record_length_bytes: 4096\n  num_subfolders_train: 2\n"
                + "reader:\n  data_loader: " + framework + "\n  batch_size: 4\n  read_threads: 1\n  sample_shuffle: seed\n"
                + "train:\n  computation_time: 0.001\noutput:\n  folder: " + dir.resolve("out") + "\n");
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 2))) {
            assertEquals(files, s.ensureDataset(null).filesWritten());
            EpochFigures f = s.runEpoch(true);
            long onDisk = 0;
            try (var walk = Files.walk(dir.resolve("data/train"))) {
                for (Path p : walk.filter(p -> p.toString().endsWith("." + format)).toList()) {
                    onDisk += Files.size(p);
                }
            }
            long expected = overheadPerFile < 0 ? 0 : files * overheadPerFile + onDisk;
            assertEquals(expected, f.bytesRead(), "each file opened once per epoch, every sample read once");
            assertEquals(0, s.ensureDataset(null).filesWritten(), "a complete dataset is reused");
            assertTrue(f.samplesPerSecond() > 0);
        }
    }
}
