package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.TimeSpec;
import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What read_threads and prefetch_size do, seen from the storage: how many threads read and how many at once,
 * and how far the loader reads ahead of the batch in compute.
 */
class LoaderConcurrencyTest {
    private static final int FILES = 16;

    @TempDir
    Path dir;

    /** 16 single-sample npz files, one sample per batch unless {@code batch} says otherwise. */
    private Workload workload(int readThreads, int prefetch, int batch) {
        return TestYaml.training(dir)
                .set("dataset.num_files_train", FILES)
                .set("dataset.record_length_bytes", 1024)
                .set("reader.batch_size", batch)
                .set("reader.read_threads", readThreads)
                .set("reader.prefetch_size", prefetch)
                .parse("loader.yaml");
    }

    private static Storage generated(Workload w, TrainingPlan plan, FileFormat format) throws Exception {
        Storage local = Datasets.storage(w);
        new Generation(w, plan.dataset(), local, format, 2).ensure(null);
        return local;
    }

    private static Set<String> readersOfOneEpoch(Workload w, ObservingStorage[] seen) throws Exception {
        TrainingPlan plan = new TrainingPlan(w, new DatasetPlan(w.dataset()), 1);
        FileFormat format = Datasets.format(w);
        try (ObservingStorage storage = new ObservingStorage(generated(w, plan, format), 5)) {
            List<AcceleratorEpoch> epoch = new Training(w, plan, storage, format, null).trainEpoch(1);
            assertEquals(FILES / w.reader().batchSize(), epoch.get(0).blocks.get(0).steps());
            seen[0] = storage;
            return storage.readingThreads();
        }
    }

    @Test
    void fourReadThreadsReadTogetherOnThreadsOfTheirOwn() throws Exception {
        ObservingStorage[] seen = new ObservingStorage[1];
        Set<String> threads = readersOfOneEpoch(workload(4, 2, 2), seen);
        assertEquals(4, threads.size(), () -> "one thread per reader: " + threads);
        int atOnce = seen[0].mostReadsAtOnce();
        assertTrue(atOnce >= 2 && atOnce <= 4, "readers overlap, and no more than read_threads of them: " + atOnce);
        assertEquals(FILES, seen[0].filesOpened());
    }

    @Test
    void withoutReadThreadsTheAcceleratorReadsItself() throws Exception {
        ObservingStorage[] seen = new ObservingStorage[1];
        Set<String> threads = readersOfOneEpoch(workload(0, 2, 2), seen);
        assertEquals(1, threads.size(), threads::toString);
        assertTrue(threads.iterator().next().startsWith("jdlio-accelerator"),
                () -> "the accelerator's own thread reads: " + threads);
        assertEquals(1, seen[0].mostReadsAtOnce());
    }

    /**
     * PyTorch's DataLoader hands out prefetch_factor x num_workers batch indices before the first batch and
     * one more per batch it yields, so while batch k is in compute, batches up to k + factor x workers have
     * been read or are being read, and no more; factor = ceil(prefetch_size / read_threads), 0 read as 2.
     * Without workers nothing is read ahead.
     */
    @ParameterizedTest(name = "read_threads={0} prefetch_size={1}")
    @CsvSource({"1, 2, 2", "2, 4, 4", "3, 4, 6", "2, 0, 4", "0, 2, 0"})
    void whileABatchIsInComputeTheLoaderIsAheadByThePrefetch(int readThreads, int prefetch, int ahead)
            throws Exception {
        Workload w = workload(readThreads, prefetch, 1);
        TrainingPlan plan = new TrainingPlan(w, new DatasetPlan(w.dataset()), 1);
        FileFormat format = Datasets.format(w);
        try (ObservingStorage storage = new ObservingStorage(generated(w, plan, format), 0)) {
            LoaderBuffers buffers = new LoaderBuffers(LoaderShape.of(readThreads, prefetch), 16, 1 << 16);
            try (BatchLoader loader = new BatchLoader(plan.order(Split.TRAIN, 1, 0), 1, FILES, buffers, t -> new SampleSource(plan.dataset(), Split.TRAIN, storage, format,
                    buffers.reads[t].clear()), ByteBuffer.allocateDirect(16), TimeSpec.NONE, 1, "test")) {
                loader.start();
                for (int k = 0; k < FILES; k++) {
                    ByteBuffer batch = loader.next();
                    // batch k is in compute for as long as the loader needs to settle
                    int expected = Math.min(FILES, k + 1 + ahead);
                    long deadline = System.nanoTime() + 10_000_000_000L;
                    while (storage.filesOpened() < expected && System.nanoTime() < deadline) {
                        Thread.sleep(2);
                    }
                    Thread.sleep(k < 3 ? 150 : 30);
                    assertEquals(expected, storage.filesOpened(), "batches read while batch " + k + " computes");
                    loader.release(batch);
                }
            }
        }
    }
}
