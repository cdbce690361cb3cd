package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * A corrupt sample file ends training within seconds, for every format, with a message that names the file:
 * never a hang, never garbage read as if it were samples. The file corrupted is the last one, read when the
 * reader thread is well ahead of a slow accelerator and its prefetch queue is full: a failure handed over
 * through that queue was once lost there, and the accelerator waited for its batch forever.
 */
class CorruptSampleTest {
    private static final int FILES = 8;
    private static final String LAST = "img_" + (FILES - 1) + "_of_" + FILES;

    @TempDir
    Path dir;

    /** Every format that writes files (synthetic has none to corrupt). */
    static java.util.stream.Stream<String> formats() {
        return io.jdlio.format.Formats.all().stream().filter(f -> f != io.jdlio.config.DataFormat.SYNTHETIC)
                .map(io.jdlio.config.DataFormat::yamlName);
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("formats")
    void aCorruptFileEndsTrainingNamingTheFile(String format) throws Exception {
        String framework = format.equals("tfrecord") ? "tensorflow" : "pytorch";
        Path yaml = TestYaml.training(dir)
                .set("framework", framework)
                .set("dataset.format", format)
                .set("dataset.num_files_train", FILES)
                .set("dataset.num_samples_per_file", 4)
                .set("dataset.num_subfolders_train", 0)
                .set("reader.data_loader", framework)
                .set("reader.prefetch_size", 2)
                .set("reader.file_shuffle", "off")
                .set("reader.sample_shuffle", "off")
                .set("train.computation_time", 0.02)
                .writeTo(dir.resolve(format + ".yaml"));
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 2))) {
            s.ensureDataset(null);
            Path file = dir.resolve("data/train/" + LAST + "." + format);
            corrupt(format, file);
            WorkloadException e = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> assertThrows(WorkloadException.class, () -> s.runEpoch(true)));
            assertTrue(e.getMessage().contains(LAST), e::getMessage);
            assertTrue(e.getMessage().lines().count() == 1, e::getMessage);
        }
    }

    /** Damages what this format's loader must check: its magic, its framing, its length or its footer. */
    private static void corrupt(String format, Path file) throws Exception {
        assertTrue(Files.exists(file), file + " generated");
        byte[] bytes = Files.readAllBytes(file);
        switch (format) {
            case "npz":
                // the x.npy member's NPY magic, as in the bytes 0x39-0x3d
                overwrite(file, indexOf(bytes, "NUMPY".getBytes(StandardCharsets.US_ASCII)), "XXXXX");
                break;
            case "npy": case "jpeg": case "png": case "hdf5":
                overwrite(file, 1, "XXXX");
                break;
            case "tfrecord":
                overwrite(file, bytes.length / 2, "XXXX");
                break;
            case "indexed_binary": case "mmap_indexed_binary":
                truncate(file, bytes.length / 2);
                break;
            case "csv":
                truncate(file, 0);
                break;
            case "parquet":
                int footer = ByteBuffer.wrap(bytes, bytes.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
                overwrite(file, bytes.length - 8 - footer, "\u00ff".repeat(Math.min(footer, 32)));
                break;
            default:
                throw new IllegalArgumentException(format);
        }
    }

    private static int indexOf(byte[] in, byte[] what) {
        outer:
        for (int i = 0; i + what.length <= in.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (in[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static void overwrite(Path file, long at, String with) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            f.write(with.getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private static void truncate(Path file, long size) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(size);
        }
    }
}
