package io.jdlio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Small objects (one PUT each) on the test server: a writer's buffer goes back to the storage once its PUT
 * has completed and serves the next writer (no new MiB-sized allocation per object), and reusing it never
 * mixes one object's bytes into another's.
 */
@Timeout(120)
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
        ByteBuffer b = ByteBuffer.allocate(n + 1);
        try (ObjectReader r = storage.open(key)) {
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
            assertTrue(checkpoints.heads().largest() <= 8 * MIB, "the writer held "
                    + checkpoints.heads().largest() + " bytes in one heap buffer");
            ByteBuffer back = ByteBuffer.allocate(bytes.length);
            try (ObjectReader r = checkpoints.open(prefix + "/checkpoint", bytes.length)) {
                assertEquals(bytes.length, r.read(0, back));
            }
            assertArrayEquals(bytes, back.array());
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
