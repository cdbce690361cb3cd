package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.ConfigException;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.storage.LocalStorage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dataset.dedupe_percentage and dataset.buffer_compress_percentage: generated files shrink as fio's would. */
class ContentRedundancyTest {
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    private Workload workload(String folder, String... overrides) {
        String yaml = TestYaml.workload()
                .set("dataset.data_folder", dir.resolve(folder))
                .set("dataset.format", "npy")
                .set("dataset.num_files_train", 4)
                .set("dataset.num_samples_per_file", 1)
                .set("dataset.record_length_bytes", 256 * BLOCK)
                .text();
        return WorkloadLoader.parse("content.yaml", yaml, List.of(overrides));
    }

    private List<byte[]> generate(Workload w) throws Exception {
        new Generation(w, new DatasetPlan(w.dataset()), new LocalStorage(dir), Datasets.format(w), 2).ensure(null);
        try (Stream<Path> files = Files.walk(Path.of(w.dataset().dataFolder()))) {
            return files.filter(p -> p.toString().endsWith(".npy")).sorted().map(p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }

    @Test
    void compressibleContentDeflatesByTheAskedShare() throws Exception {
        double plain = deflated(generate(workload("plain")));
        double half = deflated(generate(workload("half", "dataset.buffer_compress_percentage=50")));
        assertTrue(plain > 0.99, "default content is incompressible: " + plain);
        assertEquals(0.5, half, 0.03, "buffer_compress_percentage=50 deflates to " + half);
    }

    @Test
    void dedupeMakesTheAskedShareOfBlocksDuplicates() throws Exception {
        assertEquals(0, duplicateShare(generate(workload("plain"))), 0.001);
        // 4 files x 256 blocks, 25 % duplicates drawn from a pool of 64 blocks: (256 - 64) of 1024 are repeats
        double share = duplicateShare(generate(workload("quarter", "dataset.dedupe_percentage=25")));
        assertEquals((256 - 64) / 1024.0, share, 0.01);
    }

    @Test
    void theKeysChangeTheFingerprintOnlyWhenSet() {
        String plain = DatasetManifest.fingerprint(workload("f").dataset());
        assertEquals(plain, DatasetManifest.fingerprint(workload("f", "dataset.dedupe_percentage=0").dataset()));
        assertNotEquals(plain, DatasetManifest.fingerprint(workload("f", "dataset.dedupe_percentage=10").dataset()));
        assertNotEquals(plain, DatasetManifest.fingerprint(
                workload("f", "dataset.buffer_compress_percentage=10").dataset()));
    }

    @Test
    void aShareOutsideZeroToHundredIsOneLine() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> workload("bad", "dataset.buffer_compress_percentage=101"));
        assertTrue(e.getMessage().contains("dataset.buffer_compress_percentage") && e.getMessage().contains("0 to 100"),
                e::getMessage);
        assertEquals(1, e.getMessage().lines().count(), e::getMessage);
    }

    private static double deflated(List<byte[]> files) {
        long in = 0;
        long out = 0;
        byte[] sink = new byte[1 << 20];
        for (byte[] f : files) {
            Deflater d = new Deflater(6);
            d.setInput(f);
            d.finish();
            while (!d.finished()) {
                out += d.deflate(sink);
            }
            d.end();
            in += f.length;
        }
        return out / (double) in;
    }

    /** The share of whole 4 KiB payload blocks (after npy's 128-byte header) seen before in the dataset. */
    private static double duplicateShare(List<byte[]> files) {
        Set<ByteBuffer> seen = new HashSet<>();
        int blocks = 0;
        int repeats = 0;
        for (byte[] f : files) {
            for (int at = 128; at + BLOCK <= f.length; at += BLOCK) {
                blocks++;
                if (!seen.add(ByteBuffer.wrap(f, at, BLOCK))) {
                    repeats++;
                }
            }
        }
        return repeats / (double) blocks;
    }
}
