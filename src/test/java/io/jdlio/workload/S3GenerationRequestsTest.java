package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.storage.FaultProxy;
import io.jdlio.storage.S3TestServer;
import io.jdlio.storage.Storage;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generation on S3 sends one PUT an object and nothing else an object: the ledger records the bytes each
 * writer committed instead of HEADing every object after its PUT (a request a plain client never sends,
 * which cost a fifth of the generation's rate on the test server). Seen through a pass-through proxy in
 * front of the real test server; the sizes the ledger holds are checked against the store.
 */
class S3GenerationRequestsTest {
    private static final int FILES = 6;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"npz", "tfrecord"})
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void generationSendsNoHeadForTheObjectsItWritesAndLedgersTheirStoredSizes(String format) throws Exception {
        try (FaultProxy proxy = new FaultProxy(S3TestServer.withBucket())) {
            String folder = "requests-" + UUID.randomUUID();
            String overrides = String.join(";", S3TestServer.overrides(proxy.endpoint()),
                    "dataset.data_folder=" + folder, "output.folder=" + dir.resolve("out"),
                    "dataset.format=" + format,
                    format.equals("tfrecord") ? "framework=tensorflow;reader.data_loader=tensorflow" : "framework=pytorch",
                    "dataset.num_files_train=" + FILES, "dataset.num_files_eval=0",
                    "dataset.num_samples_per_file=2",
                    // npz: 1.2 MB objects, past the heap's 1 MiB: made in their part buffer, CRC patched there
                    "dataset.record_length_bytes=" + (format.equals("npz") ? 600_000 : 3000),
                    "dataset.record_length_bytes_stdev=0", "reader.batch_size=2", "train.epochs=1",
                    "train.computation_time=0", "workflow.checkpoint=False", "workflow.evaluation=False");
            WorkloadRun run = WorkloadRun.load("workloads/default_tiny.yaml", overrides, 1);
            try (TrainingSession s = new TrainingSession(run)) {
                assertEquals(FILES, s.ensureDataset(null).filesWritten());
            }
            List<String> seen = proxy.seen();
            // the data objects and their companions (tfrecord's index/ folder), not jdlio's manifest and ledger
            java.util.function.Predicate<String> dataObject = l -> l.contains("/" + folder + "/")
                    && !l.contains("/.jdlio-");
            List<String> heads = seen.stream().filter(l -> l.startsWith("HEAD ") && dataObject.test(l)).toList();
            assertEquals(List.of(), heads, "HEADs of written objects among " + seen);
            // npz: one object a file; tfrecord: the file and its index
            int objects = format.equals("tfrecord") ? 2 * FILES : FILES;
            assertEquals(objects, seen.stream().filter(l -> l.startsWith("PUT ") && dataObject.test(l)).count(),
                    seen::toString);
            try (Storage st = run.openStorage()) {
                Map<String, Long> ledger = SizeLedger.read(st, run.workload().dataset());
                assertTrue(ledger != null && ledger.size() == objects, String.valueOf(ledger));
                for (Map.Entry<String, Long> e : ledger.entrySet()) {
                    String path = folder + "/" + e.getKey();
                    assertEquals(st.size(path).orElse(-1), e.getValue(), path);
                    if (format.equals("npz")) {
                        assertWholeZip(st, path, e.getValue());
                    }
                }
            }
        }
    }

    /**
     * An npz object held whole has its header's CRC patched in before the PUT instead of a second pass over
     * its content: every member reads back with the CRC its local header names (ZipInputStream checks it).
     */
    private static void assertWholeZip(Storage st, String path, long size) throws Exception {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate((int) size);
        try (io.jdlio.storage.ObjectReader r = st.open(path)) {
            r.read(0, b);
        }
        int members = 0;
        try (java.util.zip.ZipInputStream z = new java.util.zip.ZipInputStream(
                new java.io.ByteArrayInputStream(b.array()))) {
            for (java.util.zip.ZipEntry e; (e = z.getNextEntry()) != null; members++) {
                z.transferTo(java.io.OutputStream.nullOutputStream());
                assertTrue(e.getCrc() != 0, path + " " + e.getName());
            }
        }
        assertEquals(2, members, path + ": x.npy and y.npy");
    }
}
