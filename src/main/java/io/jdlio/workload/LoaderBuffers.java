package io.jdlio.workload;

import java.nio.ByteBuffer;

/**
 * The memory one accelerator's loader needs, allocated once per trial and reused every epoch: per worker,
 * collated batch buffers for its prefetch plus the one in compute, and a read buffer. Buffers belong to one
 * worker: with a shared pool, workers running ahead would hold every buffer while the batch due next waits.
 * Allocating ~100 MB of zeroed direct memory per epoch would land inside the timed epoch.
 */
final class LoaderBuffers {
    final ByteBuffer[][] batches;       // [worker][slot]
    final ByteBuffer[] reads;
    final int prefetchPerWorker;

    LoaderBuffers(int workers, int prefetchSize, long batchBytes, int readBytes) {
        this.prefetchPerWorker = prefetchPerWorker(workers, prefetchSize);
        if (batchBytes > Integer.MAX_VALUE) {
            throw new WorkloadException("a collated batch of " + batchBytes + " bytes does not fit one buffer; "
                    + "lower reader.batch_size or dataset.record_length_bytes_resize");
        }
        int owners = Math.max(1, workers);
        int slots = slots(workers, prefetchSize);
        this.batches = new ByteBuffer[owners][slots];
        for (ByteBuffer[] own : batches) {
            for (int i = 0; i < slots; i++) {
                own[i] = ByteBuffer.allocateDirect((int) Math.max(1, batchBytes));
            }
        }
        this.reads = new ByteBuffer[Math.max(1, workers)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = ByteBuffer.allocateDirect(readBytes);
        }
    }

    static int prefetchPerWorker(int workers, int prefetchSize) {
        int factor = workers == 0 ? 0 : (int) ((prefetchSize + (long) workers - 1) / workers);
        // PyTorch turns a prefetch factor of 0 into its default of 2
        return factor == 0 ? 2 : factor;
    }

    /** Batch buffers per worker: its prefetch plus the one in compute; one in all without workers. */
    static int slots(int workers, int prefetchSize) {
        return workers == 0 ? 1 : prefetchPerWorker(workers, prefetchSize) + 1;
    }
}
