package io.jdlio.bench.micro;

import java.util.SplittableRandom;

/**
 * Where one thread of the local I/O benchmarks reads or writes next: {@code rand} picks any whole block of the
 * file; {@code seq} walks the thread's own slice of it (threads split the file, up to one slice per core) and
 * wraps within the slice, so sequential threads never share blocks.
 */
final class BlockOffsets {
    private final boolean random;
    private final SplittableRandom rng;
    private final long blockBytes;
    private final long blocks;
    private final long start;
    private final long span;
    private long next;

    BlockOffsets(int thread, long fileBytes, int blockBytes, String pattern) {
        this.random = pattern.equals("rand");
        this.rng = new SplittableRandom(thread);
        this.blockBytes = blockBytes;
        this.blocks = fileBytes / blockBytes;
        int slices = Math.max(1, Math.min((int) blocks, Runtime.getRuntime().availableProcessors()));
        this.span = Math.max(1, blocks / slices) * blockBytes;
        this.start = (thread % slices) * span;
        this.next = start;
    }

    long next() {
        if (random) {
            return rng.nextLong(blocks) * blockBytes;
        }
        long at = next;
        next = next + blockBytes >= start + span ? start : next + blockBytes;
        return at;
    }
}
