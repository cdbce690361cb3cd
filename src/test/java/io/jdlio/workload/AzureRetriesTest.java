package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.storage.AzureSettings;
import io.jdlio.storage.Azurite;
import io.jdlio.storage.FaultProxy;
import io.jdlio.storage.StorageRetries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Azure Blob through a proxy in front of the real Azurite that answers some requests with Azure's real
 * {@code 503 ServerBusy} or {@code 429}: generation and training complete with the retries counted by cause in
 * summary.json; a service that keeps refusing ends the run within seconds naming the endpoint and the blob. The
 * workload names Azure as the fork's configs do: {@code storage_type: azure}, the root a container, the account
 * and key in {@code storage_options}.
 */
class AzureRetriesTest {
    @TempDir
    Path dir;

    private String container;

    private String overrides(FaultProxy proxy, int attempts) {
        container = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        return String.join(";", "++storage.storage_type=azure", "++storage.storage_root=" + container,
                "++storage.storage_options.account_name=" + Azurite.ACCOUNT,
                "++storage.storage_options.account_key=" + Azurite.KEY,
                "++storage.storage_options.endpoint_url=" + proxy.endpoint(),
                "++storage.storage_options.max_attempts=" + attempts,
                "dataset.data_folder=data", "output.folder=" + dir.resolve("out"), "dataset.format=npz",
                "dataset.num_files_train=8", "dataset.num_files_eval=0", "dataset.num_samples_per_file=2",
                "dataset.record_length_bytes=65536", "dataset.record_length_bytes_stdev=0", "reader.batch_size=2",
                "reader.read_threads=2", "train.epochs=1", "train.computation_time=0", "workflow.checkpoint=False",
                "workflow.evaluation=False");
    }

    /** Azurite keeps blobs in memory, capped for the whole suite. */
    @AfterEach
    void emptyContainer() throws Exception {
        if (container != null) {
            try (var s = Azurite.storage("az://" + Azurite.ACCOUNT + "/" + container, AzureSettings.defaults())) {
                s.deleteFolder("");
            }
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void busyAndThrottledRequestsAreRetriedCountedAndReported() throws Exception {
        try (FaultProxy proxy = new FaultProxy(Azurite.endpoint())) {
            WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides(proxy, 4), 1);
            try (TrainingSession s = new TrainingSession(run)) {
                proxy.arm(FaultProxy.Fault.AZURE_SERVER_BUSY, 3, "PUT", "data%2Ftrain%2F");
                assertEquals(8, s.ensureDataset(null).filesWritten());
                assertEquals(3, proxy.faulted(), () -> String.join("\n", proxy.seen()));
                proxy.arm(FaultProxy.Fault.TOO_MANY_REQUESTS, 2, "GET", "data%2Ftrain%2F");
                assertTrue(s.runEpoch(true).bytesRead() > 0);
                assertEquals(5, proxy.faulted());
                StorageRetries r = s.retries().orElseThrow();
                assertEquals(5, r.throttled(), r.toString());
                String summary = Files.readString(s.writeOutputs().resolve("summary.json"));
                assertTrue(summary.matches("(?s).*\"storage_retries\"\\s*:\\s*\\{\\s*\"total\"\\s*:\\s*5,.*"), summary);
                assertFalse(summary.contains("page cache may serve") || summary.contains("may come from the page cache"),
                        summary);
                assertTrue(summary.matches("(?s).*\"cache_suspect\"\\s*:\\s*false.*"), summary);
            }
        }
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void aServiceThatKeepsRefusingEndsTheRunWithinSecondsNamingEndpointAndBlob() throws Exception {
        try (FaultProxy proxy = new FaultProxy(Azurite.endpoint())) {
            WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides(proxy, 2), 1);
            try (TrainingSession s = new TrainingSession(run)) {
                s.ensureDataset(null);
                proxy.arm(FaultProxy.Fault.AZURE_SERVER_BUSY, Integer.MAX_VALUE, "GET", "data%2Ftrain%2F");
                long t0 = System.nanoTime();
                RuntimeException e = assertThrows(RuntimeException.class, () -> s.runEpoch(true));
                double seconds = (System.nanoTime() - t0) / 1e9;
                assertTrue(seconds < 30, "ended " + seconds + " s after the service began refusing");
                String m = e.getMessage();
                assertFalse(m.contains("\n") || m.contains(Azurite.KEY), m);
                assertTrue(m.contains(proxy.endpoint()), m);
                assertTrue(m.contains("az://" + Azurite.ACCOUNT + "/" + container + "/data/train/"), m);
                assertTrue(m.contains("503") && m.contains("2 tries"), m);
            }
        }
    }
}
