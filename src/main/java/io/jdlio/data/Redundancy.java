package io.jdlio.data;

/**
 * How much of the generated content a deduplicating or compressing storage could save, in fio's sense.
 *
 * <p>{@code dedupePercentage} (fio's {@code dedupe_percentage}): that share of the 4 KiB blocks of every file
 * are copies of blocks in a small pool shared by the whole dataset, so a deduplicating store keeps only
 * the rest; exactly that many in every 100 consecutive blocks, so the share holds for small files too.
 * {@code compressPercentage} (fio's {@code buffer_compress_percentage}): each 512-byte chunk (fio's default
 * {@code buffer_compress_chunk}) is random bytes followed by zeros making up that share of it, so a
 * compressor saves about that share. Both 0 (the default) is incompressible content with no duplicate.
 */
public record Redundancy(int dedupePercentage, int compressPercentage) {
    /** Incompressible content without duplicate blocks: what jdlio writes unless asked otherwise. */
    public static final Redundancy NONE = new Redundancy(0, 0);

    /** The unit of deduplication: a common block size of deduplicating file systems and arrays. */
    public static final int DEDUPE_BLOCK = 4096;

    /** The unit of compressibility: fio's default buffer_compress_chunk. */
    public static final int COMPRESS_CHUNK = 512;

    public Redundancy {
        if (dedupePercentage < 0 || dedupePercentage > 100) {
            throw new IllegalArgumentException("dedupe percentage " + dedupePercentage + " is not in 0..100");
        }
        if (compressPercentage < 0 || compressPercentage > 100) {
            throw new IllegalArgumentException("compress percentage " + compressPercentage + " is not in 0..100");
        }
    }

    public boolean none() {
        return dedupePercentage == 0 && compressPercentage == 0;
    }

    /** Whether 4 KiB block {@code block} of a file is a duplicate: exactly d of every 100 consecutive blocks. */
    boolean duplicate(long block) {
        return (block + 1) * dedupePercentage / 100 != block * dedupePercentage / 100;
    }

    /** How many of blocks {@code 0 .. block} are duplicates. */
    long duplicatesThrough(long block) {
        return (block + 1) * dedupePercentage / 100;
    }

    /** How many leading 8-byte words of each 512-byte chunk are random; the rest are zero. */
    int randomWordsPerChunk() {
        return (int) Math.round(COMPRESS_CHUNK / 8 * (100 - compressPercentage) / 100.0);
    }
}
