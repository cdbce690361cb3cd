package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.metrics.EpochFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every format generates and trains end to end, reading exactly what its loader reads. */
class FormatsTrainingTest {
    @TempDir
    Path dir;

    /** What every case here shares: batches of 4 with one reader, shuffled samples, 1 ms steps. */
    private TestYaml formats() {
        return TestYaml.workload()
                .set("framework", "pytorch")
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.record_length_bytes", 4096)
                .set("reader.data_loader", "pytorch")
                .set("reader.batch_size", 4)
                .set("reader.read_threads", 1)
                .set("reader.sample_shuffle", "seed")
                .set("train.computation_time", 0.001)
                .set("output.folder", dir.resolve("out"));
    }

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
        formats().set("dataset.format", "hdf5")
                .set("dataset.num_files_train", 4)
                .set("dataset.num_samples_per_file", 8)
                .set("dataset.compression", "gzip")
                .set("dataset.hdf5.num_dset_per_record", 2)
                .remove("reader.read_threads")
                .writeTo(yaml);
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
        formats().set("dataset.format", "parquet")
                .set("dataset.compression", "zstd")
                .set("dataset.num_files_train", 4)
                .set("dataset.num_samples_per_file", 8)
                .set("dataset.parquet.row_group_size", 3)
                .set("dataset.parquet.columns", List.of("{name: latents, dtype: float16, size: 2048}",
                        "{name: caption, dtype: string, read: false}", "{name: step, dtype: int32}"))
                .writeTo(yaml);
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
        formats().set("dataset.format", "npz")
                .set("dataset.compression", "zip")
                .set("dataset.num_files_train", 4)
                .set("dataset.record_length_bytes", 8192)
                .set("reader.batch_size", 2)
                .remove("reader.read_threads")
                .remove("reader.sample_shuffle")
                .writeTo(yaml);
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
        formats().set("framework", framework)
                .set("dataset.format", format)
                .set("dataset.num_files_train", files)
                .set("dataset.num_samples_per_file", nspf)
                .set("dataset.num_subfolders_train", 2)
                .set("reader.data_loader", framework)
                .writeTo(yaml);
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
            // 48 samples over 2 accelerators in batches of 4: 6 steps each, every sample in the epoch's time
            assertEquals(files * nspf, f.wallSamplesPerSecond() * f.trainSeconds(), 1e-6, f::toString);
        }
    }
}
