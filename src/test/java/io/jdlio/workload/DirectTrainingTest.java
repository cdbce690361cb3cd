package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdlio.metrics.AcceleratorEpoch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * reader.odirect and direct:// in whole runs: every format whose reader works from positional reads trains
 * with O_DIRECT on the same samples as without, its reads coming from the device, and generation under
 * direct:// writes the same bytes as buffered generation.
 */
class DirectTrainingTest {
    private static final List<String> FORMATS = List.of("npz", "npy", "indexed_binary", "tfrecord", "csv", "jpeg",
            "png", "hdf5", "parquet");

    @TempDir
    Path dir;

    private Path yaml(String format, String dataFolder) throws IOException {
        Path yaml = dir.resolve(format + ".yaml");
        String framework = format.equals("tfrecord") ? "tensorflow" : "pytorch";
        Files.writeString(yaml, "framework: " + framework + "\ndataset:\n  data_folder: " + dataFolder
                + "\n  format: " + format + "\n  num_files_train: 4\n  num_samples_per_file: 4\n"
                + "  record_length_bytes: 20000\n"
                + "reader:\n  data_loader: " + framework + "\n  batch_size: 2\n  read_threads: 2\n  sample_shuffle: seed\n"
                + "train:\n  computation_time: 0\noutput:\n  folder: " + dir.resolve("out-" + format) + "\n");
        return yaml;
    }

    private record Epoch(long samples, long bytes) {
    }

    private static Epoch epoch(TrainingSession s) {
        long samples = 0;
        long bytes = 0;
        for (AcceleratorEpoch a : s.trainEpoch(true)) {
            samples += a.trainSamples;
            bytes += a.trainBytesRead;
        }
        s.finishEpoch();
        return new Epoch(samples, bytes);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"npz", "npy", "indexed_binary", "tfrecord", "csv", "jpeg", "png", "hdf5", "parquet"})
    void trainsWithODirectOnTheSameSamplesReadingFromTheDevice(String format) throws Exception {
        assumeTrue(!"tmpfs".equals(Files.getFileStore(dir).type()), "the test folder is on tmpfs");
        Path yaml = yaml(format, dir.resolve("data").toString());
        Epoch cached;
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 1))) {
            s.ensureDataset(null);
            cached = epoch(s);
        }
        long before = io.jdlio.storage.DirectStorageTestAccess.readBytes();
        Epoch direct;
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "reader.odirect=True", 1))) {
            assertEquals(0, s.ensureDataset(null).filesWritten(), "the buffered dataset is reused");
            direct = epoch(s);
            assertEquals(null, s.report().cacheSuspectBecause(), "O_DIRECT reads cannot come from the cache");
        }
        long fromDevice = io.jdlio.storage.DirectStorageTestAccess.readBytes() - before;
        assertEquals(cached.samples(), direct.samples(), "the same samples");
        assertTrue(cached.samples() > 0);
        // O_DIRECT moves whole blocks: at least what the loader asked for, at most a few blocks more per file
        int align = (int) Files.getFileStore(dir).getBlockSize();
        assertTrue(direct.bytes() >= cached.bytes() && direct.bytes() <= cached.bytes() + 4L * 8 * align,
                format + ": " + direct.bytes() + " counted with O_DIRECT, " + cached.bytes() + " without");
        // the files were just written and read, so all of them are in the page cache: only O_DIRECT reads
        // them from the device
        assertTrue(fromDevice >= direct.bytes(), format + ": " + fromDevice + " bytes from the device for "
                + direct.bytes() + " counted: the reads came from the page cache");
    }

    @Test
    void generationUnderDirectWritesTheSameBytesAsBufferedGeneration() throws Exception {
        assumeTrue(!"tmpfs".equals(Files.getFileStore(dir).type()), "the test folder is on tmpfs");
        for (String format : FORMATS) {
            Path buffered = dir.resolve("b-" + format);
            Path direct = dir.resolve("d-" + format);
            try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml(format, buffered.toString()).toString(),
                    "", 1))) {
                assertEquals(4, s.ensureDataset(null).filesWritten());
            }
            try (TrainingSession s = new TrainingSession(WorkloadRun.load(
                    yaml(format, "direct://" + direct).toString(), "", 1))) {
                assertEquals(4, s.ensureDataset(null).filesWritten());
                epoch(s); // and trains from them
            }
            TreeMap<String, byte[]> a = files(buffered.resolve("train"));
            TreeMap<String, byte[]> b = files(direct.resolve("train"));
            assertEquals(a.keySet(), b.keySet(), format);
            assertTrue(a.size() >= 4, format + ": " + a.keySet());
            for (String name : a.keySet()) {
                assertArrayEquals(a.get(name), b.get(name), format + ": " + name);
            }
        }
    }

    private static TreeMap<String, byte[]> files(Path folder) throws IOException {
        TreeMap<String, byte[]> out = new TreeMap<>();
        try (var walk = Files.walk(folder)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(folder.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    @Test
    void aDatasetOnTmpfsIsOneClearErrorNotACachedRun() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()), "no tmpfs at /dev/shm");
        Path data = Files.createTempDirectory(shm, "jdlio-odirect-");
        try {
            Path yaml = yaml("npy", data.toString());
            try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 1))) {
                s.ensureDataset(null);
            }
            // refused before any work, as one line naming the folder and what to do
            WorkloadException e = org.junit.jupiter.api.Assertions.assertThrows(WorkloadException.class,
                    () -> new TrainingSession(WorkloadRun.load(yaml.toString(), "reader.odirect=True", 1)).close());
            String msg = e.getMessage();
            assertTrue(msg.contains(data.toString()) && msg.contains("tmpfs") && msg.contains("O_DIRECT")
                    && msg.contains("reader.odirect") && !msg.contains("\n"), msg);
        } finally {
            try (var walk = Files.walk(data)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
