package io.jdlio.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;

class ContentStreamTest {

    @Test
    void defaultContentIsUnchanged() {
        // datasets generated before the redundancy options keep verifying: the same bytes for (seed, file, offset)
        ByteBuffer b = ByteBuffer.allocate((1 << 20) + 13);
        new ContentStream(10, 3).fill(b, 5);
        b.flip();
        CRC32 crc = new CRC32();
        crc.update(b);
        assertEquals(0xffad3d50L, crc.getValue());
    }

    @Test
    void fillAgreesWithByteAtFromAnyOffset() {
        Random r = new Random(1);
        for (Redundancy red : new Redundancy[] {Redundancy.NONE, new Redundancy(50, 0), new Redundancy(0, 30),
                new Redundancy(37, 61), new Redundancy(100, 100)}) {
            ContentStream c = new ContentStream(4, 9, red);
            for (int t = 0; t < 20; t++) {
                long offset = r.nextInt(1 << 20);
                ByteBuffer b = ByteBuffer.allocateDirect(1 + r.nextInt(200_000));
                c.fill(b, offset);
                for (int i = 0; i < b.capacity(); i++) {
                    assertEquals(c.byteAt(offset + i), b.get(i), red + " byte " + (offset + i));
                }
            }
        }
    }

    @Test
    void compressPercentageIsWhatDeflateSaves() {
        for (int pct : new int[] {0, 25, 50, 75}) {
            double kept = deflated(new ContentStream(1, 2, new Redundancy(0, pct)), 4 << 20);
            assertEquals(1 - pct / 100.0, kept, 0.03, "compress percentage " + pct + " kept " + kept);
        }
    }

    @Test
    void dedupePercentageIsTheShareOfDuplicateBlocks() {
        for (int pct : new int[] {0, 10, 50, 90}) {
            Set<ByteBuffer> distinct = new HashSet<>();
            int blocks = 0;
            for (int file = 0; file < 4; file++) {
                ByteBuffer b = ByteBuffer.allocate(1000 * Redundancy.DEDUPE_BLOCK);
                new ContentStream(7, file, new Redundancy(pct, 0)).fill(b, 0);
                for (int at = 0; at < b.capacity(); at += Redundancy.DEDUPE_BLOCK) {
                    distinct.add(b.slice(at, Redundancy.DEDUPE_BLOCK));
                    blocks++;
                }
            }
            int duplicates = blocks - distinct.size();
            // exactly pct of every 100 blocks are copies of a pool of 64 blocks the files share
            int expected = pct == 0 ? 0 : blocks * pct / 100 - 64;
            assertEquals(expected, duplicates, 1, "dedupe percentage " + pct);
        }
    }

    @Test
    void percentagesOutsideZeroToHundredAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Redundancy(101, 0));
        assertThrows(IllegalArgumentException.class, () -> new Redundancy(0, -1));
    }

    private static double deflated(ContentStream c, int bytes) {
        byte[] in = new byte[bytes];
        c.fill(ByteBuffer.wrap(in), 0);
        Deflater d = new Deflater(6);
        d.setInput(in);
        d.finish();
        byte[] out = new byte[bytes + 1024];
        long n = 0;
        while (!d.finished()) {
            n += d.deflate(out);
        }
        d.end();
        assertTrue(n > 0);
        return n / (double) bytes;
    }
}
