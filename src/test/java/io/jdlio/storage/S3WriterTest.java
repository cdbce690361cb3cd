package io.jdlio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers on the test server. Small objects (one PUT each): a writer's buffer goes back to the storage once
 * its PUT has completed and serves the next writer (no new MiB-sized allocation per object), and reusing it
 * never mixes one object's bytes into another's. Large objects (jdlio's own multipart uploads): every byte
 * read back, at most the storage's part buffers for any number of writers, nothing left by an abort, and a
 * server killed mid-upload is one line within seconds and no object.
 */
@Timeout(240)
class S3WriterTest {
    private static final int MIB = 1 << 20;

    private S3Storage storage;
    private final String prefix = "writer-" + UUID.randomUUID();

    @BeforeEach
    void open() {
        S3Settings s = new S3Settings(URI.create(S3TestServer.withBucket()), "us-east-1", true, "test", "test", 3,
                8L * MIB, 8L * MIB, 8, 8 * MIB);
        storage = new S3Storage(Scheme.S3, s, S3TestServer.BUCKET);
    }

    @AfterEach
    void close() throws Exception {
        // null when the test was skipped for want of a server
        if (storage != null) {
            storage.deleteFolder(prefix);
            storage.close();
        }
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private byte[] readBack(String key, int n) throws Exception {
        return readBack(storage, key, n);
    }

    /** The object's bytes, read back from {@code s}, which must hold exactly {@code n}. */
    private static byte[] readBack(S3Storage s, String key, int n) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(n + 1);
        try (ObjectReader r = s.open(key)) {
            assertEquals(n, r.read(0, b));
        }
        return java.util.Arrays.copyOf(b.array(), n);
    }

    @Test
    void successiveSmallObjectsShareOneBufferAndKeepTheirOwnBytes() throws Exception {
        byte[] first = random(MIB, 1);
        byte[] second = random(MIB - 100, 2);
        try (ObjectWriter w = storage.create(prefix + "/a")) {
            w.write(ByteBuffer.wrap(first));
            w.commit(false);
        }
        assertEquals(1, storage.heads().kept(), "the first writer's buffer is kept for the next");
        ByteBuffer kept = storage.heads().take(1);
        storage.heads().give(kept);
        try (ObjectWriter w = storage.create(prefix + "/b")) {
            // in pieces, as formats write: header, then payload chunks
            ByteBuffer src = ByteBuffer.wrap(second);
            for (int at = 0; at < second.length; at += 300_000) {
                w.write(src.duplicate().position(at).limit(Math.min(second.length, at + 300_000)));
            }
            w.commit(false);
        }
        assertSame(kept, storage.heads().take(1), "the second writer used the kept buffer and gave it back");
        assertArrayEquals(first, readBack(prefix + "/a", first.length));
        assertArrayEquals(second, readBack(prefix + "/b", second.length));
    }

    @Test
    void anObjectUnderALargeThresholdStreamsInsteadOfGrowingOneHeapBufferToIt() throws Exception {
        // the checkpoint defaults: 128 MiB parts and threshold
        S3Settings s = new S3Settings(URI.create(S3TestServer.withBucket()), "us-east-1", true, "test", "test", 3,
                128L * MIB, 128L * MIB, 8, 8 * MIB);
        byte[] bytes = random(40 * MIB + 7, 4);
        try (S3Storage checkpoints = new S3Storage(Scheme.S3, s, S3TestServer.BUCKET)) {
            try (ObjectWriter w = checkpoints.create(prefix + "/checkpoint")) {
                ByteBuffer src = ByteBuffer.wrap(bytes);
                for (int at = 0; at < bytes.length; at += 4 * MIB) {
                    w.write(src.duplicate().position(at).limit(Math.min(bytes.length, at + 4 * MIB)));
                }
                w.commit(false);
            }
            assertTrue(checkpoints.heads().largest() <= S3Writer.HELD_MOST, "the writer held "
                    + checkpoints.heads().largest() + " bytes in one heap buffer");
            ByteBuffer back = ByteBuffer.allocate(bytes.length);
            try (ObjectReader r = checkpoints.open(prefix + "/checkpoint", bytes.length)) {
                assertEquals(bytes.length, r.read(0, back));
            }
            assertArrayEquals(bytes, back.array());
        }
    }

    /** S3's smallest parts, two in flight: objects of a few parts stay quick on the test server. */
    private static S3Settings smallParts(String endpoint) {
        return new S3Settings(URI.create(endpoint), "us-east-1", true, "test", "test", 2, 5L * MIB, 5L * MIB, 2,
                8 * MIB);
    }

    /** Writes {@code bytes} in pieces of {@code piece} bytes, as formats do. */
    private static void writeInPieces(ObjectWriter w, byte[] bytes, int piece) throws Exception {
        ByteBuffer src = ByteBuffer.wrap(bytes);
        for (int at = 0; at < bytes.length; at += piece) {
            w.write(src.duplicate().position(at).limit(Math.min(bytes.length, at + piece)));
        }
    }

    @Test
    void bytesOfAnObjectHeldWholeCanBeOverwrittenUntilCommitAndNotOnceItsPartsAreSent() throws Exception {
        try (S3Storage s = new S3Storage(Scheme.S3, smallParts(S3TestServer.withBucket()), S3TestServer.BUCKET)) {
            // held in the heap (under 1 MiB), and in one part buffer (over 1 MiB, within a 5 MiB part)
            for (int n : new int[] {1000, 3 * MIB}) {
                byte[] bytes = random(n, n);
                String key = prefix + "/patched-" + n;
                try (ObjectWriter w = s.create(key)) {
                    assertTrue(w.canWriteAt(n));
                    writeInPieces(w, bytes, 400_000);
                    byte[] header = random(16, 7);
                    w.writeAt(8, ByteBuffer.wrap(header));
                    System.arraycopy(header, 0, bytes, 8, header.length);
                    w.commit(false);
                }
                assertArrayEquals(bytes, readBack(s, key, n), key);
            }
            try (ObjectWriter w = s.create(prefix + "/streamed")) {
                assertFalse(w.canWriteAt(6 * MIB), "more than a part: sent while it is written");
                assertFalse(w.canWriteAt(-1), "an object of unknown size may stream");
                writeInPieces(w, random(6 * MIB, 3), MIB);
                IOException e = assertThrows(IOException.class, () -> w.writeAt(0, ByteBuffer.allocate(4)));
                assertTrue(e.getMessage().contains("parts already sent"), e.getMessage());
                w.abort();
            }
        }
    }

    @Test
    void anObjectExpectedPastTheHeapsShareStartsInAPartBufferWithNoHeapBuffer() throws Exception {
        try (S3Storage s = new S3Storage(Scheme.S3, smallParts(S3TestServer.withBucket()), S3TestServer.BUCKET)) {
            byte[] bytes = random(3 * MIB + 5, 9);
            try (ObjectWriter w = s.create(prefix + "/expected")) {
                w.expect(bytes.length);
                writeInPieces(w, bytes, 256 << 10);
                w.commit(false);
            }
            assertEquals(0, s.heads().largest(), "no heap buffer held any of it, to be copied into a part");
            assertArrayEquals(bytes, readBack(s, prefix + "/expected", bytes.length));
        }
    }

    @Test
    void bytesMadeInTheLentWindowAreTheObjectAcrossPartsAndNoHeapBuffer() throws Exception {
        try (S3Storage s = new S3Storage(Scheme.S3, smallParts(S3TestServer.withBucket()), S3TestServer.BUCKET)) {
            // within one part (one PUT), and across two parts (a multipart upload): 5 MiB parts
            for (int n : new int[] {3 * MIB + 5, 7 * MIB + 3}) {
                byte[] bytes = random(n, n);
                String key = prefix + "/window-" + n;
                try (ObjectWriter w = s.create(key)) {
                    w.expect(n);
                    int at = 0;
                    while (at < n) {
                        ByteBuffer window = w.window(Math.min(700_000, n - at));
                        assertTrue(window != null && window.position() == 0 && window.hasRemaining());
                        int k = window.remaining();
                        window.put(bytes, at, k);
                        w.advance(k);
                        at += k;
                    }
                    assertEquals(n, w.position());
                    w.commit(false);
                }
                assertArrayEquals(bytes, readBack(s, key, n), key);
            }
            assertEquals(0, s.heads().largest(), "no heap buffer held any of it");
            try (ObjectWriter w = s.create(prefix + "/small")) {
                w.expect(1000);
                assertEquals(null, w.window(1000), "an object the heap holds is written, not lent a part");
                w.abort();
            }
        }
    }

    /** The multipart uploads begun and not completed or aborted below {@code folder}. */
    private java.util.List<String> uploadsUnder(S3Storage s, String folder) throws Exception {
        String key = prefix + "/" + folder + "/";
        return s.client().listMultipartUploads(m -> m.bucket(S3TestServer.BUCKET).prefix(key))
                .get(30, TimeUnit.SECONDS).uploads().stream().map(u -> u.key() + " " + u.uploadId()).toList();
    }

    @Test
    void aMultipartObjectReadsBackWholeAndItsPartBuffersGoBack() throws Exception {
        // five parts and a short sixth, written in pieces that straddle the parts' ends
        byte[] bytes = random(25 * MIB + 12345, 5);
        try (S3Storage s = new S3Storage(Scheme.S3, smallParts(S3TestServer.withBucket()), S3TestServer.BUCKET)) {
            io.jdlio.metrics.ObjectRequest.drain();
            try (ObjectWriter w = s.create(prefix + "/multi/object")) {
                writeInPieces(w, bytes, 3 * MIB + 17);
                w.commit(false);
            }
            // each part and the completion timed, as the report's put_part and complete_multipart
            var timed = io.jdlio.metrics.ObjectRequest.drain();
            assertEquals(6, timed.get(io.jdlio.metrics.ObjectRequest.S3_PUT_PART).count(), timed.toString());
            assertEquals(1, timed.get(io.jdlio.metrics.ObjectRequest.S3_COMPLETE_MULTIPART).count(), timed.toString());
            assertEquals(bytes.length, s.size(prefix + "/multi/object").getAsLong());
            // the store's ETag is the one worked out from the parts', which tells a Complete tried twice from another
            java.util.List<software.amazon.awssdk.services.s3.model.CompletedPart> parts = new java.util.ArrayList<>();
            java.security.MessageDigest md5 = java.security.MessageDigest.getInstance("MD5");
            for (int at = 0, n = 1; at < bytes.length; at += 5 * MIB, n++) {
                md5.update(bytes, at, Math.min(5 * MIB, bytes.length - at));
                parts.add(software.amazon.awssdk.services.s3.model.CompletedPart.builder().partNumber(n)
                        .eTag("\"" + java.util.HexFormat.of().formatHex(md5.digest()) + "\"").build());
            }
            String etag = s.client().headObject(h -> h.bucket(S3TestServer.BUCKET).key(prefix + "/multi/object"))
                    .get(30, TimeUnit.SECONDS).eTag();
            assertEquals("\"" + S3Writer.multipartETag(parts) + "\"", etag);
            ByteBuffer back = ByteBuffer.allocate(bytes.length);
            try (ObjectReader r = s.open(prefix + "/multi/object", bytes.length)) {
                assertEquals(bytes.length, r.read(0, back));
            }
            assertArrayEquals(bytes, back.array());
            assertTrue(s.parts().made() >= 1 && s.parts().made() <= 2, "part buffers made: " + s.parts().made());
            assertEquals(s.parts().count(), s.parts().available(), "every part buffer is back");
            assertEquals(java.util.List.of(), uploadsUnder(s, "multi"));
        }
    }

    @Test
    void manyWritersAtOnceShareTheStoragesPartBuffers() throws Exception {
        byte[][] objects = new byte[6][];
        try (S3Storage s = new S3Storage(Scheme.S3, smallParts(S3TestServer.withBucket()), S3TestServer.BUCKET)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
            try {
                java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int i = 0; i < objects.length; i++) {
                    objects[i] = random(11 * MIB + i, 10 + i);
                    int n = i;
                    done.add(pool.submit(() -> {
                        try (ObjectWriter w = s.create(prefix + "/many/" + n)) {
                            writeInPieces(w, objects[n], MIB);
                            w.commit(false);
                        }
                        return null;
                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            // six writers of three parts each, yet no more off-heap buffers than the storage's two
            assertEquals(2, s.parts().count());
            assertTrue(s.parts().made() <= 2, "part buffers made: " + s.parts().made());
            for (int i = 0; i < objects.length; i++) {
                assertArrayEquals(objects[i], readBack(prefix + "/many/" + i, objects[i].length), "object " + i);
            }
        }
    }

    /**
     * The client tries a CompleteMultipartUpload again when it hears nothing back in time (S3Mock joining large
     * parts on a loaded host), and the try again finds the upload already completed (S3: no such upload;
     * S3Mock, still joining: a part not found): the object is this upload's (its ETag is its parts'), so the
     * write succeeds.
     */
    @Test
    void aCompleteWhoseAnswerWasLostIsTheObjectItCompleted() throws Exception {
        byte[] bytes = random(11 * MIB + 3, 8);
        try (FaultProxy proxy = new FaultProxy(S3TestServer.withBucket());
             S3Storage s = new S3Storage(Scheme.S3, smallParts(proxy.endpoint()), S3TestServer.BUCKET)) {
            proxy.arm(FaultProxy.Fault.S3_COMPLETED_ANSWER_LOST, Integer.MAX_VALUE, "POST", "uploadId=");
            try (ObjectWriter w = s.create(prefix + "/lost/object")) {
                writeInPieces(w, bytes, MIB);
                w.commit(false);
            }
            assertTrue(proxy.faulted() >= 2, () -> String.join("\n", proxy.seen()));
            assertArrayEquals(bytes, readBack(prefix + "/lost/object", bytes.length));
        }
    }

    @Test
    void anAbortedMultipartUploadLeavesNoUploadAndNoObject() throws Exception {
        try (S3Storage s = new S3Storage(Scheme.S3, smallParts(S3TestServer.withBucket()), S3TestServer.BUCKET)) {
            try (ObjectWriter w = s.create(prefix + "/aborted-multi/object")) {
                writeInPieces(w, random(12 * MIB, 6), MIB);
                assertEquals(1, uploadsUnder(s, "aborted-multi").size(), "the upload had begun");
                w.abort();
            }
            assertEquals(java.util.List.of(), uploadsUnder(s, "aborted-multi"));
            assertEquals(java.util.OptionalLong.empty(), s.size(prefix + "/aborted-multi/object"));
            assertEquals(s.parts().count(), s.parts().available(), "every part buffer is back");
        }
    }

    @Test
    void aServerKilledMidUploadIsOneLineWithinSecondsAndNoObject(@TempDir Path dir) throws Exception {
        int port = 9093;
        String endpoint = "http://127.0.0.1:" + port;
        Path store = dir.resolve("store");
        Process server = S3TestServer.start(port, store, dir.resolve("s3mock-1.log"));
        String key = prefix + "/killed/object";
        try {
            S3TestServer.withBucket(endpoint, S3TestServer.BUCKET);
            IOException e;
            long killedAt;
            try (S3Storage s = new S3Storage(Scheme.S3, smallParts(endpoint), S3TestServer.BUCKET);
                 ObjectWriter w = s.create(key)) {
                ByteBuffer chunk = ByteBuffer.wrap(random(MIB, 7));
                // two parts sent, a third filling
                for (int i = 0; i < 12; i++) {
                    w.write(chunk.clear());
                }
                server.destroyForcibly();
                assertTrue(server.waitFor(30, TimeUnit.SECONDS));
                killedAt = System.nanoTime();
                e = assertThrows(IOException.class, () -> {
                    // a GiB more, were nothing to stop it
                    for (int i = 0; i < 1024; i++) {
                        w.write(chunk.clear());
                    }
                    w.commit(false);
                });
            }
            double seconds = (System.nanoTime() - killedAt) / 1e9;
            assertTrue(seconds < 30, "the error came " + seconds + " s after the kill");
            String m = e.getMessage();
            assertTrue(m.contains(endpoint) && m.contains("s3://" + S3TestServer.BUCKET + "/" + key)
                    && !m.contains("\n"), m);

            server = S3TestServer.start(port, store, dir.resolve("s3mock-2.log"));
            try (S3Storage s = new S3Storage(Scheme.S3, smallParts(endpoint), S3TestServer.BUCKET)) {
                assertEquals(java.util.OptionalLong.empty(), s.size(key), "no object");
            }
        } finally {
            server.destroyForcibly();
            server.waitFor();
        }
    }

    @Test
    void anAbortedWriterWritesNothingAndGivesItsBufferBack() throws Exception {
        try (ObjectWriter w = storage.create(prefix + "/aborted")) {
            w.write(ByteBuffer.wrap(random(1000, 3)));
            w.abort();
        }
        assertEquals(1, storage.heads().kept());
        assertEquals(java.util.OptionalLong.empty(), storage.size(prefix + "/aborted"));
    }
}
