package io.jdlio.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Deterministic file contents: byte {@code o} of the payload of file {@code f} under seed {@code s} is a pure
 * function of (s, f, o). Any file can therefore be regenerated, or verified, from its position alone, and
 * generation parallelises without coordination.
 *
 * <p>Each aligned 8-byte word is a xorshift-multiply-xorshift of a Weyl sequence keyed by (seed, file): one
 * multiply per 8 bytes, vectorised by the JIT (see ContentGenerationBenchmark: about 25 GB/s per core into
 * a buffer in L1, 17 GB/s in L2, and memory's write bandwidth beyond), and incompressible (deflate -9 saves 0.03%), so compressing or
 * deduplicating storage gets no easy wins.
 *
 * <p>A {@link Redundancy} other than none makes content that such storage can shrink, in fio's sense:
 * duplicate 4 KiB blocks drawn from a pool keyed by the seed alone (so shared across files), and zero tails
 * in every 512-byte chunk. Still a pure function of (seed, file, offset, redundancy).
 */
public final class ContentStream {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    /**
     * Words mixed per pass before the bulk copy: 4 KiB stays in L1 for the copy that follows (a 64 KiB chunk
     * spilled to L2 and cost a fifth of the rate on large buffers).
     */
    private static final int CHUNK_WORDS = 512;
    /**
     * {@code i * GOLDEN} for every index of a chunk. The JIT (C2 of Java 17) does not vectorise a loop that
     * widens its int index to long, so {@code base + i * GOLDEN} ran scalar at a third of this rate; adding
     * a loaded step is plain long-array arithmetic, which it does vectorise.
     */
    private static final long[] STEPS = new long[CHUNK_WORDS];

    static {
        for (int i = 0; i < CHUNK_WORDS; i++) {
            STEPS[i] = i * GOLDEN;
        }
    }

    private static final ThreadLocal<long[]> CHUNK = ThreadLocal.withInitial(() -> new long[CHUNK_WORDS]);
    /** Distinct blocks duplicates are copies of; few, so that a deduplicating store finds them all. */
    private static final int POOL_BLOCKS = 64;
    private static final int BLOCK_WORDS = Redundancy.DEDUPE_BLOCK / 8;
    private static final int COMPRESS_WORDS = Redundancy.COMPRESS_CHUNK / 8;

    private final long fileKey;
    private final long poolKey;
    private final long fileIndex;
    private final Redundancy redundancy;
    private final int randomWords;

    public ContentStream(long seed, long fileIndex) {
        this(seed, fileIndex, Redundancy.NONE);
    }

    public ContentStream(long seed, long fileIndex, Redundancy redundancy) {
        this.fileIndex = fileIndex;
        this.fileKey = mix(mix(seed * GOLDEN + 0x632BE59BD9B4E019L) + fileIndex * GOLDEN);
        this.poolKey = mix(mix(seed * GOLDEN + 0x5851F42D4C957F2DL) ^ 0xD1B54A32D192ED03L);
        this.redundancy = redundancy;
        this.randomWords = redundancy.randomWordsPerChunk();
    }

    public Redundancy redundancy() {
        return redundancy;
    }

    /** The file this stream is the content of. */
    public long fileIndex() {
        return fileIndex;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long mixFast(long z) {
        z = (z ^ (z >>> 32)) * 0xD6E8FEB86659FD93L;
        return z ^ (z >>> 32);
    }

    /** The little-endian 8-byte word holding payload bytes {@code 8w .. 8w+7}. */
    public long word(long w) {
        if (redundancy.none()) {
            return mixFast(fileKey + w * GOLDEN);
        }
        if ((w & (COMPRESS_WORDS - 1)) >= randomWords) {
            return 0;
        }
        return mixFast(blockBase(w));
    }

    /** The key of word {@code w} before mixing: the file's, or the pool block's a duplicate block copies. */
    private long blockBase(long w) {
        long block = w / BLOCK_WORDS;
        if (redundancy.duplicate(block)) {
            // the duplicates take the pool's blocks in turn, so every one of them recurs
            long pool = redundancy.duplicatesThrough(block) % POOL_BLOCKS;
            return poolKey + (pool * BLOCK_WORDS + (w & (BLOCK_WORDS - 1))) * GOLDEN;
        }
        return fileKey + w * GOLDEN;
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
        // words are mixed in a plain array loop (which the JIT vectorises) and copied in bulk
        long[] chunk = CHUNK.get();
        while (dst.remaining() >= 8) {
            int n = Math.min(CHUNK_WORDS, dst.remaining() >>> 3);
            if (redundancy.none()) {
                long base = fileKey + w * GOLDEN;
                for (int i = 0; i < n; i++) {
                    chunk[i] = mixFast(base + STEPS[i]);
                }
            } else {
                fillRedundant(chunk, n, w);
            }
            dst.asLongBuffer().put(chunk, 0, n);
            dst.position(dst.position() + n * 8);
            w += n;
        }
        o = w << 3;
        while (dst.hasRemaining()) {
            dst.put(byteAt(o++));
        }
        dst.order(saved);
    }

    /** Words {@code w .. w+n-1} into {@code chunk}: each 4 KiB block from its key, then the zero tails. */
    private void fillRedundant(long[] chunk, int n, long w) {
        for (int i = 0; i < n; ) {
            long at = w + i;
            int run = (int) Math.min(n - i, BLOCK_WORDS - (at & (BLOCK_WORDS - 1)));
            long base = blockBase(at);
            for (int k = 0; k < run; k++) {
                chunk[i + k] = mixFast(base + STEPS[k]);
            }
            i += run;
        }
        if (randomWords < COMPRESS_WORDS) {
            for (int i = 0; i < n; ) {
                int pos = (int) ((w + i) & (COMPRESS_WORDS - 1));
                int end = Math.min(n, i + COMPRESS_WORDS - pos);
                int zeros = i + Math.max(0, randomWords - pos);
                if (zeros < end) {
                    Arrays.fill(chunk, zeros, end, 0L);
                }
                i = end;
            }
        }
    }
}
