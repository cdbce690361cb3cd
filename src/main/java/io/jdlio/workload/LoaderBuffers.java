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
    final LoaderShape shape;

    LoaderBuffers(LoaderShape shape, long batchBytes, int readBytes) {
        this.shape = shape;
        if (batchBytes > Integer.MAX_VALUE) {
            throw new WorkloadException("a collated batch of " + batchBytes + " bytes does not fit one buffer; "
                    + "lower reader.batch_size or dataset.record_length_bytes_resize");
        }
        this.batches = new ByteBuffer[shape.owners()][shape.slots()];
        for (ByteBuffer[] own : batches) {
            for (int i = 0; i < own.length; i++) {
                own[i] = ByteBuffer.allocateDirect((int) Math.max(1, batchBytes));
            }
        }
        this.reads = new ByteBuffer[shape.owners()];
        for (int i = 0; i < reads.length; i++) {
            // page-aligned, so O_DIRECT reads at aligned offsets go straight into it
            int whole = (readBytes + 4095) / 4096 * 4096; // alignedSlice keeps whole aligned pages only
            reads[i] = ByteBuffer.allocateDirect(whole + 4096).alignedSlice(4096).limit(readBytes).slice();
        }
    }
}
