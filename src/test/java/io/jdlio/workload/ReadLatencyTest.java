package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.metrics.EpochFigures;
import io.jdlio.metrics.Latency;
import io.jdlio.metrics.RunReport;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.storage.Storage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every training sample read is timed, per accelerator, whichever thread reads it, and the epoch's figures and
 * summary.json carry the merged percentiles: a storage whose every read takes 20 ms shows p50 of at least 20 ms.
 */
class ReadLatencyTest {
    private static final int FILES = 16;
    private static final long READ_MILLIS = 20;

    @TempDir
    Path dir;

    private Workload workload(int readThreads) {
        return TestYaml.training(dir)
                .set("dataset.num_files_train", FILES)
                .set("dataset.record_length_bytes", 1024)
                .set("reader.batch_size", 2)
                .set("reader.read_threads", readThreads)
                .parse("latency.yaml");
    }

    private void readsAreTimed(int readThreads) throws Exception {
        Workload w = workload(readThreads);
        TrainingPlan plan = new TrainingPlan(w, new DatasetPlan(w.dataset()), 2);
        FileFormat format = Datasets.format(w);
        Storage local = Datasets.storage(w);
        new Generation(w, plan.dataset(), local, format, 2).ensure(null);
        try (ObservingStorage storage = new ObservingStorage(local, READ_MILLIS)) {
            List<AcceleratorEpoch> epoch = new Training(w, plan, storage, format, null).trainEpoch(1);
            for (AcceleratorEpoch a : epoch) {
                // one sample per file, 16 files over 2 accelerators
                assertEquals(FILES / 2, a.readLatency.count(), "every sample read is timed once");
                assertTrue(a.readLatency.percentiles().p50() >= READ_MILLIS,
                        () -> "a read takes the storage's time: " + a.readLatency.percentiles());
            }
            RunReport report = new RunReport(Outputs.facts(w, 2, 0.001, true, 0));
            EpochFigures f = report.add(epoch);
            assertTrue(f.readP50Ms() >= READ_MILLIS && f.readP99Ms() >= f.readP50Ms()
                    && f.readMaxMs() >= f.readP999Ms(), f::toString);
            Map<?, ?> reads = (Map<?, ?>) ((Map<?, ?>) report.summary().get("jdlio")).get("read_latency_ms");
            Map<?, ?> overall = (Map<?, ?>) reads.get("overall");
            assertEquals((long) FILES, overall.get("count"));
            assertEquals(FILES, Latency.decode((String) overall.get("hdr_histogram")).count());
            assertEquals(1, ((List<?>) reads.get("epochs")).size());
            assertEquals(2, ((List<?>) reads.get("ranks")).size());
        }
    }

    @Test
    void readerThreadsReadsAreTimed() throws Exception {
        readsAreTimed(2);
    }

    @Test
    void theAcceleratorsOwnReadsAreTimed() throws Exception {
        readsAreTimed(0);
    }
}
