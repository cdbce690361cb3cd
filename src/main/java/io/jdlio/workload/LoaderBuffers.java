package io.jdlio.workload;

import java.nio.ByteBuffer;

/**
 * The memory one accelerator's loader needs, allocated once per trial and reused every epoch: collated
 * batch buffers (enough for every worker's prefetch plus the batch in compute) and one read buffer per
 * worker. Allocating ~100 MB of zeroed direct memory per epoch would land inside the timed epoch.
 */
final class LoaderBuffers {
    final ByteBuffer[] batches;
    final ByteBuffer[] reads;
    final int prefetchPerWorker;

    LoaderBuffers(int workers, int prefetchSize, long batchBytes, int readBytes) {
        int factor = workers == 0 ? 0 : (prefetchSize + workers - 1) / workers;
        // PyTorch turns a prefetch factor of 0 into its default of 2
        this.prefetchPerWorker = factor == 0 ? 2 : factor;
        int count = workers == 0 ? 1 : workers * prefetchPerWorker + 1;
        if (batchBytes > Integer.MAX_VALUE) {
            throw new WorkloadException("a collated batch of " + batchBytes + " bytes does not fit one buffer; "
                    + "lower reader.batch_size or dataset.record_length_bytes_resize");
        }
        this.batches = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            batches[i] = ByteBuffer.allocateDirect((int) Math.max(1, batchBytes));
        }
        this.reads = new ByteBuffer[Math.max(1, workers)];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = ByteBuffer.allocateDirect(readBytes);
        }
    }
}
