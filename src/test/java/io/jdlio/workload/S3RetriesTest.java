package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.metrics.EpochFigures;
import io.jdlio.storage.FaultProxy;
import io.jdlio.storage.S3TestServer;
import io.jdlio.storage.StorageRetries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a proxy that answers some requests with S3's real {@code 503 SlowDown} or resets their connection, in
 * front of the real test server: generation and training complete, their retries are counted by cause and
 * reported in summary.json and the [METRIC] block; a store that keeps refusing ends the run within seconds
 * with one line naming the endpoint and the object.
 */
class S3RetriesTest {
    @TempDir
    Path dir;

    private String overrides(FaultProxy proxy, String folder, int attempts) {
        return String.join(";", S3TestServer.overrides(proxy.endpoint()), "dataset.data_folder=" + folder,
                "output.folder=" + dir.resolve("out"), "dataset.format=npz", "dataset.num_files_train=8",
                "dataset.num_files_eval=0", "dataset.num_samples_per_file=2", "dataset.record_length_bytes=65536",
                "dataset.record_length_bytes_stdev=0", "reader.batch_size=2", "reader.read_threads=2",
                "train.epochs=1", "train.computation_time=0", "workflow.checkpoint=False", "workflow.evaluation=False",
                "++storage.storage_options.s3_max_attempts=" + attempts);
    }

    private static long count(String json, String cause) {
        Matcher m = Pattern.compile("\"" + cause + "\"\\s*:\\s*(\\d+)").matcher(json);
        assertTrue(m.find(), cause + " missing from " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void throttledAndResetRequestsAreRetriedCountedAndReported() throws Exception {
        try (FaultProxy proxy = new FaultProxy(S3TestServer.withBucket())) {
            String folder = "retries-" + UUID.randomUUID();
            WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides(proxy, folder, 5), 1);
            try (TrainingSession s = new TrainingSession(run)) {
                // generation: the first three PUTs of data objects are told to slow down
                proxy.arm(FaultProxy.Fault.S3_SLOW_DOWN, 3, "PUT", "/" + folder + "/train/");
                assertEquals(8, s.ensureDataset(null).filesWritten());
                assertEquals(3, proxy.faulted());
                StorageRetries afterGeneration = s.retries().orElseThrow();
                assertTrue(afterGeneration.throttled() >= 3, afterGeneration.toString());
                // training: two GETs slowed down, two GETs' connections reset
                proxy.arm(FaultProxy.Fault.S3_SLOW_DOWN, 2, "GET", "/" + folder + "/train/");
                EpochFigures f = s.trainEpoch(true).isEmpty() ? null : s.finishEpoch();
                proxy.arm(FaultProxy.Fault.RESET, 2, "GET", "/" + folder + "/train/");
                EpochFigures g = s.runEpoch(true);
                assertTrue(f != null && f.bytesRead() > 0 && g.bytesRead() > 0);
                assertEquals(7, proxy.faulted());
                StorageRetries r = s.retries().orElseThrow();
                assertTrue(r.throttled() >= 5, r.toString());
                assertTrue(r.connectionResets() >= 2, r.toString());
                Path out = s.writeOutputs();
                String summary = Files.readString(out.resolve("summary.json"));
                assertTrue(summary.contains("\"storage_retries\""), summary);
                assertEquals(r.throttled(), count(summary, "throttled"));
                assertEquals(r.total(), count(summary, "total"));
                String log = Files.readString(out.resolve(s.workload().output().logFile()));
                assertTrue(log.contains("[METRIC] Storage requests retried: " + r.total() + " (throttled "
                        + r.throttled()), log);
                // an object store has no page cache on this host: no warning that one may serve the reads
                assertFalse(summary.contains("page cache may serve") || summary.contains("may come from the page cache"),
                        summary);
                assertTrue(summary.matches("(?s).*\"cache_suspect\"\\s*:\\s*false.*"), summary);
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aStoreThatKeepsThrottlingEndsTheRunWithinSecondsNamingEndpointAndObject() throws Exception {
        try (FaultProxy proxy = new FaultProxy(S3TestServer.withBucket())) {
            String folder = "exhausted-" + UUID.randomUUID();
            WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides(proxy, folder, 2), 1);
            try (TrainingSession s = new TrainingSession(run)) {
                s.ensureDataset(null);
                proxy.arm(FaultProxy.Fault.S3_SLOW_DOWN, Integer.MAX_VALUE, "GET", "/" + folder + "/train/");
                long t0 = System.nanoTime();
                RuntimeException e = assertThrows(RuntimeException.class, () -> s.runEpoch(true));
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(seconds < 30, "ended " + seconds + " s after the store began refusing");
                String m = e.getMessage();
                assertFalse(m.contains("\n"), m);
                assertTrue(m.contains(proxy.endpoint()), m);
                assertTrue(m.contains("s3://" + S3TestServer.BUCKET + "/" + folder + "/train/"), m);
                assertTrue(m.contains("s3_max_attempts"), m);
                assertFalse(m.contains("corrupt"), m);
            }
        }
    }
}
