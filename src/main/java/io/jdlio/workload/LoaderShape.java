package io.jdlio.workload;

import io.jdlio.config.ReaderConfig;

/**
 * How one accelerator's loader is laid out, worked out once from {@code reader.read_threads} and
 * {@code reader.prefetch_size} with PyTorch DataLoader's rules: batch b goes to worker b mod workers, each
 * worker keeps up to {@code prefetchPerWorker} batches ready and owns that many buffers plus the one in
 * compute. With no workers the accelerator reads synchronously into one buffer of its own.
 */
record LoaderShape(int workers, int prefetchPerWorker, int slots) {

    static LoaderShape of(ReaderConfig reader) {
        return of(reader.readThreads(), reader.prefetchSize());
    }

    static LoaderShape of(int workers, int prefetchSize) {
        if (workers == 0) {
            // PyTorch ignores the prefetch factor without workers; the accelerator's one buffer is its slot
            return new LoaderShape(0, 2, 1);
        }
        int factor = (int) ((prefetchSize + (long) workers - 1) / workers);
        // PyTorch turns a prefetch factor of 0 into its default of 2
        int prefetch = factor == 0 ? 2 : factor;
        return new LoaderShape(workers, prefetch, prefetch + 1);
    }

    /** True when the accelerator reads its batches itself, with no reader threads. */
    boolean synchronous() {
        return workers == 0;
    }

    /** Who owns buffers: every worker, or the accelerator itself when it reads synchronously. */
    int owners() {
        return Math.max(1, workers);
    }

    /** The owner that fills batch {@code b}. */
    int ownerOf(long b) {
        return synchronous() ? 0 : (int) (b % workers);
    }
}
