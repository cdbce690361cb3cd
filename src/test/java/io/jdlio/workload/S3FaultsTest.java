package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.format.FileFormat;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.S3TestServer;
import io.jdlio.storage.Storage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server that dies mid-generation ends the run within seconds with one message naming the endpoint and an
 * object; after a restart the rerun completes, and every object has the plan's size.
 */
class S3FaultsTest {
    private static final int PORT = 9097;

    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aServerKilledMidGenerationIsOneErrorAndTheRerunCompletesEveryObjectWhole() throws Exception {
        String endpoint = "http://127.0.0.1:" + PORT;
        Path store = dir.resolve("store");
        Process server = S3TestServer.start(PORT, store, dir.resolve("s3mock-1.log"));
        // 16 objects of 24 MiB: multipart uploads, long enough to be cut in the middle
        String overrides = String.join(";", S3TestServer.overrides(endpoint), "dataset.data_folder=faults",
                "output.folder=" + dir.resolve("out"), "dataset.format=npy", "dataset.num_files_train=16",
                "dataset.num_files_eval=0", "dataset.num_samples_per_file=1",
                "dataset.record_length_bytes=25165824", "dataset.record_length_bytes_stdev=0",
                "reader.batch_size=1", "train.epochs=1", "train.computation_time=0", "workflow.checkpoint=False",
                "workflow.evaluation=False",
                "++storage.storage_options.s3_max_attempts=2");
        try {
            S3TestServer.withBucket(endpoint, S3TestServer.BUCKET);
            AtomicBoolean killed = new AtomicBoolean();
            long[] killedAt = new long[1];
            WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides, 1);
            Exception e;
            try (TrainingSession s = new TrainingSession(run)) {
                e = assertThrows(Exception.class, () -> s.ensureDataset((files, total, bytes, allBytes) -> {
                    if (files >= 2 && killed.compareAndSet(false, true)) {
                        server.destroyForcibly();
                        killedAt[0] = System.nanoTime();
                    }
                }));
            }
            assertTrue(killed.get(), "the server was killed mid-generation");
            double seconds = (System.nanoTime() - killedAt[0]) / 1e9;
            assertTrue(seconds < 60, "the error came " + seconds + " s after the kill");
            String m = e.getMessage();
            assertTrue(m.contains(endpoint) && m.contains("s3://" + S3TestServer.BUCKET + "/faults/"), m);
            assertTrue(server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));

            Process again = S3TestServer.start(PORT, store, dir.resolve("s3mock-2.log"));
            try (TrainingSession s = new TrainingSession(WorkloadRun.load("workloads/default_tiny.yaml", overrides,
                    1))) {
                Generation.Result r = s.ensureDataset(null);
                assertTrue(r.filesWritten() >= 1 && r.filesWritten() + r.filesReused() == 16, r.toString());
                DatasetPlan plan = run.datasetPlan();
                FileFormat format = run.format();
                try (Storage st = run.openStorage()) {
                    for (int i = 0; i < 16; i++) {
                        String path = Datasets.path(plan, Split.TRAIN, i);
                        assertEquals(Datasets.size(plan, format, Split.TRAIN, i), st.size(path).orElse(-1), path);
                    }
                }
            } finally {
                again.destroyForcibly();
                again.waitFor();
            }
        } finally {
            server.destroyForcibly();
            server.waitFor();
        }
    }
}
