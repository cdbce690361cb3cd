package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.metrics.Latency;
import io.jdlio.metrics.ObjectRequest;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.S3TestServer;
import io.jdlio.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every S3 GET and PUT is timed, once each, on the test server; a training run's summary.json gives them. */
class S3RequestLatencyTest {
    @TempDir
    Path dir;

    private static String overrides(String endpoint, String folder, Path out) {
        return String.join(";", S3TestServer.overrides(endpoint), "dataset.data_folder=" + folder,
                "output.folder=" + out, "dataset.format=npy", "dataset.num_files_train=4", "dataset.num_files_eval=0",
                "dataset.num_samples_per_file=2", "dataset.record_length_bytes=4096",
                "dataset.record_length_bytes_stdev=0", "reader.batch_size=2", "train.epochs=1",
                "train.computation_time=0", "workflow.checkpoint=False", "workflow.evaluation=False");
    }

    private static void assertPercentiles(Latency l, long count) {
        Latency.Percentiles p = l.percentiles();
        assertEquals(count, p.count());
        assertTrue(p.p50() > 0 && p.p50() <= p.p90() && p.p90() <= p.p99() && p.p99() <= p.p999()
                && p.p999() <= p.max(), p.toString());
    }

    @Test
    void everyPutAndGetIsTimedOnce() throws Exception {
        String endpoint = S3TestServer.withBucket();
        String folder = "latency-" + UUID.randomUUID();
        WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides(endpoint, folder, dir), 1);
        try (Storage s = run.openStorage()) {
            ObjectRequest.drain();
            for (int i = 0; i < 5; i++) {
                try (ObjectWriter w = s.create(folder + "/o" + i)) {
                    w.write(ByteBuffer.wrap(new byte[1000 + i]));
                    w.commit(false);
                }
            }
            Map<ObjectRequest, Latency> puts = ObjectRequest.drain();
            assertEquals(java.util.Set.of(ObjectRequest.S3_PUT), puts.keySet(), puts.toString());
            assertPercentiles(puts.get(ObjectRequest.S3_PUT), 5);
            for (int i = 0; i < 5; i++) {
                try (ObjectReader r = s.open(folder + "/o" + i)) {
                    // one ranged GET reads the whole small object and learns its size
                    assertEquals(1000 + i, r.read(0, ByteBuffer.allocate(1000 + i)));
                }
            }
            Map<ObjectRequest, Latency> gets = ObjectRequest.drain();
            assertEquals(java.util.Set.of(ObjectRequest.S3_GET, ObjectRequest.S3_GET_FIRST_BYTE), gets.keySet(),
                    gets.toString());
            assertPercentiles(gets.get(ObjectRequest.S3_GET), 5);
            assertPercentiles(gets.get(ObjectRequest.S3_GET_FIRST_BYTE), 5);
            // the first byte comes before the last; 1 % for the histograms' rounding (3 significant digits)
            assertTrue(gets.get(ObjectRequest.S3_GET_FIRST_BYTE).percentiles().max()
                    <= gets.get(ObjectRequest.S3_GET).percentiles().max() * 1.01,
                    () -> gets.get(ObjectRequest.S3_GET_FIRST_BYTE).percentiles() + " after "
                            + gets.get(ObjectRequest.S3_GET).percentiles());
            for (int i = 0; i < 5; i++) {
                s.delete(folder + "/o" + i);
            }
        }
    }

    @Test
    void aTrainingRunsSummaryHasItsEpochsGetsButNotItsPreparation() throws Exception {
        String endpoint = S3TestServer.withBucket();
        String folder = "latency-" + UUID.randomUUID();
        Path out = dir.resolve("out");
        WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides(endpoint, folder, out), 1);
        try (TrainingSession s = new TrainingSession(run)) {
            assertEquals(4, s.ensureDataset(null).filesWritten());
            s.runEpoch(false);
            s.runEpoch(true);
            Latency epochGets = s.lastObjectRequests().get(ObjectRequest.S3_GET);
            // 4 objects, each read at least once; the generation's PUTs came before the epochs
            assertTrue(epochGets.count() >= 4, epochGets.percentiles().toString());
            s.writeOutputs();
            JsonNode j = new ObjectMapper().readTree(Files.readString(out.resolve("summary.json")))
                    .path("jdlio").path("object_request_latency_ms").path("s3");
            assertEquals(epochGets.count(), j.path("get").path("count").asLong(), j.toString());
            assertEquals(epochGets.count(), j.path("get_first_byte").path("count").asLong(), j.toString());
            for (String key : new String[] {"p50", "p90", "p99", "p99_9", "max"}) {
                assertTrue(j.path("get").path(key).asDouble() > 0, key + " in " + j);
            }
            assertTrue(j.path("put").isMissingNode(), "the dataset's PUTs are not the run's: " + j);
        }
    }
}
