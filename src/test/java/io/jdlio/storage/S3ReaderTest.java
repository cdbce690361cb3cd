package io.jdlio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * How S3Reader reads a large object (a checkpoint) from the test server: as concurrent ranged GETs, whether it
 * is read forward in small pieces (as a checkpoint load does, through a 4 MiB buffer) or whole into one
 * buffer, with every byte what was written and no HEAD.
 */
@Timeout(300)
class S3ReaderTest {
    private static final int MIB = 1 << 20;
    /** Large enough for many read-aheads and parts; small enough for S3Mock on a shared 2-core machine. */
    private static final int OBJECT = 40 * MIB + 12345;

    private CountingS3Client client;
    private S3Storage storage;
    private final String key = "reader-" + UUID.randomUUID();
    private byte[] written;

    @BeforeEach
    void write() throws Exception {
        String endpoint = S3TestServer.withBucket();
        // the checkpoint defaults' read side: 8 MiB read-ahead; 8 MiB parts keep the whole-read test small
        S3Settings s = new S3Settings(URI.create(endpoint), "us-east-1", true, "test", "test", 3, 8L * MIB,
                8L * MIB, 8, 8 * MIB);
        client = new CountingS3Client(S3Storage.client(s));
        storage = new S3Storage(Scheme.S3, s, S3TestServer.BUCKET, client);
        written = new byte[OBJECT];
        new Random(7).nextBytes(written);
        try (ObjectWriter w = storage.create(key)) {
            w.write(ByteBuffer.wrap(written));
            w.commit(false);
        }
        client.reset();
    }

    @AfterEach
    void remove() throws Exception {
        if (storage != null) {
            storage.delete(key);
            storage.close();
        }
    }

    @Test
    void aLargeObjectReadForwardInSmallPiecesKeepsSeveralRangedGetsInFlight() throws Exception {
        ByteBuffer all = ByteBuffer.allocate(OBJECT);
        ByteBuffer piece = ByteBuffer.allocateDirect(4 * MIB);
        try (ObjectReader r = storage.open(key)) {
            long at = 0;
            while (true) {
                piece.clear();
                int n = r.read(at, piece);
                if (n <= 0) {
                    break;
                }
                all.put(piece.flip());
                at += n;
            }
            assertEquals(OBJECT, at);
        }
        assertArrayEquals(written, all.array());
        assertEquals(0, client.heads.get(), "no HEAD to read");
        assertTrue(client.ranges.size() >= OBJECT / (8 * MIB), "ranged GETs of the read-ahead: " + client.ranges);
        assertTrue(client.mostGetsInFlight.get() >= 2, "GETs in flight at once: " + client.mostGetsInFlight.get()
                + " (a forward reader must not wait for each read-ahead in turn)");
        assertEquals(storage.windowBudget().available(), (int) (64L * MIB / (8 * MIB)),
                "a closed reader gives its window back");
    }

    @Test
    void aLargeObjectReadWholeIsSplitIntoConcurrentRangedGets() throws Exception {
        ByteBuffer all = ByteBuffer.allocate(OBJECT);
        try (ObjectReader r = storage.open(key, OBJECT)) {
            assertEquals(OBJECT, r.read(0, all));
        }
        assertArrayEquals(written, all.array());
        assertEquals((OBJECT + 8 * MIB - 1) / (8 * MIB), client.ranges.size(), "one GET per part: " + client.ranges);
        assertTrue(client.mostGetsInFlight.get() >= 2, "GETs in flight at once: " + client.mostGetsInFlight.get());
    }

    @Test
    void aReaderThatJumpsBackReadsTheRightBytes() throws Exception {
        try (ObjectReader r = storage.open(key)) {
            ByteBuffer piece = ByteBuffer.allocate(3 * MIB);
            long[] offsets = {0, 3L * MIB, 6L * MIB, 9L * MIB, 12L * MIB, 2L * MIB, 5L * MIB, 30L * MIB,
                33L * MIB, OBJECT - MIB};
            for (long at : offsets) {
                piece.clear();
                int n = r.read(at, piece);
                assertEquals(Math.min(3 * MIB, OBJECT - at), n, "at " + at);
                byte[] want = java.util.Arrays.copyOfRange(written, (int) at, (int) at + n);
                byte[] got = java.util.Arrays.copyOf(piece.array(), n);
                assertArrayEquals(want, got, "bytes at " + at);
            }
        }
    }
}
