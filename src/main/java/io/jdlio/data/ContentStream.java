package io.jdlio.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Deterministic file contents: byte {@code o} of the payload of file {@code f} under seed {@code s} is a pure
 * function of (s, f, o). Any file can therefore be regenerated, or verified, from its position alone, and
 * generation parallelises without coordination.
 *
 * <p>Each aligned 8-byte word is SplitMix64's finaliser applied to a key mixed from (seed, file, word index):
 * statistically random (so compressing or deduplicating storage sees no easy wins) and a handful of
 * multiplies per 8 bytes, far below the cost of writing them.
 */
public final class ContentStream {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long fileKey;

    public ContentStream(long seed, long fileIndex) {
        this.fileKey = mix(mix(seed * GOLDEN + 0x632BE59BD9B4E019L) + fileIndex * GOLDEN);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The little-endian 8-byte word holding payload bytes {@code 8w .. 8w+7}. */
    public long word(long w) {
        return mix(fileKey + w * GOLDEN);
    }

    /** The payload byte at {@code offset}. */
    public byte byteAt(long offset) {
        return (byte) (word(offset >>> 3) >>> ((offset & 7) * 8));
    }

    /**
     * Fills {@code dst} from its position to its limit with the payload starting at {@code offset}.
     * The buffer's position ends at its limit.
     */
    public void fill(ByteBuffer dst, long offset) {
        ByteOrder saved = dst.order();
        dst.order(ByteOrder.LITTLE_ENDIAN);
        long o = offset;
        while ((o & 7) != 0 && dst.hasRemaining()) {
            dst.put(byteAt(o++));
        }
        long w = o >>> 3;
        while (dst.remaining() >= 8) {
            dst.putLong(word(w++));
        }
        o = w << 3;
        while (dst.hasRemaining()) {
            dst.put(byteAt(o++));
        }
        dst.order(saved);
    }
}
