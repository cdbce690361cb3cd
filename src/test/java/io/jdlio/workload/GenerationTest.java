package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import io.jdlio.format.FileFormat;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.storage.LocalStorage;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generation writes DLIO's layout that numpy reads, reuses what matches, and never leaves half a file. */
class GenerationTest {
    @TempDir
    Path dir;

    private Workload workload(String format, String... overrides) {
        String yaml = TestYaml.workload()
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", format)
                .set("dataset.num_files_train", 6)
                .set("dataset.num_files_eval", 3)
                .set("dataset.num_samples_per_file", 2)
                .set("dataset.record_length_bytes", 20000)
                .set("dataset.record_length_bytes_stdev", 5000)
                .set("dataset.num_subfolders_train", 2)
                .text();
        return WorkloadLoader.parse("gen.yaml", yaml, List.of(overrides));
    }

    private static Generation generation(Workload w, Storage storage) {
        return generation(w, storage, 2);
    }

    private static Generation generation(Workload w, Storage storage, int threads) {
        return new Generation(w, new DatasetPlan(w.dataset()), storage, Datasets.format(w), threads);
    }

    @Test
    void numpyOpensEveryGeneratedFile() throws Exception {
        for (String format : List.of("npz", "npy")) {
            Workload w = workload(format, "dataset.data_folder=" + dir.resolve(format));
            Generation.Result r = generation(w, new LocalStorage(dir)).ensure(null);
            assertEquals(9, r.filesWritten());
            String out = Python.run(String.join("\n",
                    "import sys, glob, numpy as np",
                    "root, fmt = sys.argv[1], sys.argv[2]",
                    "train = sorted(glob.glob(root + '/train/*/*.' + fmt)); valid = sorted(glob.glob(root + '/valid/*.' + fmt))",
                    "assert len(train) == 6 and len(valid) == 3, (train, valid)",
                    "for f in train + valid:",
                    "    a = np.load(f)",
                    "    x = a['x'] if fmt == 'npz' else a",
                    "    assert x.dtype == np.uint8 and x.ndim == 3 and x.shape[2] == 2, x.shape",
                    "    if fmt == 'npz':",
                    "        assert a['y'].dtype == np.int64 and a['y'].shape == (2,) and not a['y'].any()",
                    "print('ok', len(train), len(valid))"), dir.resolve(format).toString(), format);
            assertTrue(out.startsWith("ok 6 3"), out);
        }
    }

    @Test
    void reusesAMatchingDatasetAndRewritesOnlyWhatIsMissing() throws Exception {
        Workload w = workload("npz");
        LocalStorage storage = new LocalStorage(dir);
        assertEquals(9, generation(w, storage).ensure(null).filesWritten());
        assertTrue(generation(w, storage).isComplete());
        Generation.Result again = generation(w, storage).ensure(null);
        assertEquals(0, again.filesWritten());
        assertEquals(9, again.filesReused());

        Path one = dir.resolve("data/train/1/img_3_of_6.npz");
        byte[] before = Files.readAllBytes(one);
        Files.delete(one);
        assertFalse(generation(w, storage).isComplete());
        assertEquals(1, generation(w, storage).ensure(null).filesWritten());
        assertArrayEquals(before, Files.readAllBytes(one), "contents are a function of (seed, file, offset)");

        Workload changed = workload("npz", "dataset.record_length_bytes=30000");
        assertFalse(generation(changed, storage).isComplete());
        assertEquals(9, generation(changed, storage).ensure(null).filesWritten(), "a different config regenerates");
    }

    @Test
    void aFailureLeavesNoFileThatLooksFinished() throws Exception {
        Workload w = workload("npz");
        // one writer, and room for about two of the ~40 KB files: some finish, one is cut off mid-write
        Storage failing = new FailingAfter(new LocalStorage(dir), 100_000);
        WorkloadException e = assertThrows(WorkloadException.class, () -> generation(w, failing, 1).ensure(null));
        assertTrue(e.getMessage().contains("generation stopped"), e::getMessage);
        FileFormat format = Datasets.format(w);
        DatasetPlan plan = new DatasetPlan(w.dataset());
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                assertFalse(name.endsWith(".tmp"), "temporary file left: " + p);
                if (name.endsWith(".npz")) {
                    // whatever was published is whole
                    assertTrue(Files.size(p) > 0 && Files.size(p) == expectedSize(plan, format, p), p::toString);
                }
            }
        }
        assertFalse(generation(w, new LocalStorage(dir)).isComplete());
        Generation.Result resumed = generation(w, new LocalStorage(dir)).ensure(null);
        assertTrue(resumed.filesReused() > 0 && resumed.filesWritten() > 0, resumed::toString);
        assertEquals(9, resumed.filesReused() + resumed.filesWritten(), "the rerun only completes what is missing");
    }

    private static long expectedSize(DatasetPlan plan, FileFormat format, Path p) {
        for (io.jdlio.plan.Split s : io.jdlio.plan.Split.values()) {
            for (int i = 0; i < plan.fileCount(s); i++) {
                if (p.toString().endsWith(plan.relativePath(s, i))) {
                    return format.fileSize(Datasets.spec(plan, s, i));
                }
            }
        }
        return -1;
    }

    /** A disk that fills up: writes fail once a byte budget is spent. */
    private static final class FailingAfter implements Storage {
        private final Storage inner;
        private long budget;

        FailingAfter(Storage inner, long budget) {
            this.inner = inner;
            this.budget = budget;
        }

        @Override
        public ObjectWriter create(String path) throws IOException {
            ObjectWriter w = inner.create(path);
            return new ObjectWriter() {
                @Override
                public void write(ByteBuffer src) throws IOException {
                    synchronized (FailingAfter.this) {
                        budget -= src.remaining();
                        if (budget < 0) {
                            throw new IOException("No space left on device");
                        }
                    }
                    w.write(src);
                }

                @Override
                public long position() {
                    return w.position();
                }

                @Override
                public boolean canWriteAt(long objectBytes) {
                    return w.canWriteAt(objectBytes);
                }

                @Override
                public void writeAt(long offset, ByteBuffer src) throws IOException {
                    w.writeAt(offset, src);
                }

                @Override
                public void commit(boolean durable) throws IOException {
                    w.commit(durable);
                }

                @Override
                public void abort() throws IOException {
                    w.abort();
                }

                @Override
                public void close() throws IOException {
                    w.close();
                }
            };
        }

        @Override
        public ObjectReader open(String path) throws IOException {
            return inner.open(path);
        }

        @Override
        public OptionalLong size(String path) throws IOException {
            return inner.size(path);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return inner.list(prefix);
        }

        @Override
        public void delete(String path) throws IOException {
            inner.delete(path);
        }

        @Override
        public void makeFolder(String path) throws IOException {
            inner.makeFolder(path);
        }

        @Override
        public void deleteFolder(String prefix) throws IOException {
            inner.deleteFolder(prefix);
        }

        @Override
        public String describe(String path) {
            return inner.describe(path);
        }

        @Override
        public void append(String path, byte[] bytes) throws IOException {
            inner.append(path, bytes);
        }

        @Override
        public io.jdlio.storage.FolderLock lock(String folder, boolean exclusive, String purpose) throws IOException {
            return inner.lock(folder, exclusive, purpose);
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }
}
