package io.jdlio.workload;

import io.jdlio.plan.Split;
import io.jdlio.storage.Storage;
import java.nio.ByteBuffer;

/**
 * One reader worker's sample reads outside an epoch, for the engine's microbenchmarks (SampleReadBenchmark): the
 * same {@link SampleSource} a worker uses, so a read of another file than the last is exactly a worker's
 * open, read and close of one sample. The dataset must exist (TrainingSession.ensureDataset).
 */
public final class SampleProbe implements AutoCloseable {
    private final Storage storage;
    private final SampleSource source;

    public SampleProbe(WorkloadRun run) {
        this.storage = run.openStorage();
        ByteBuffer scratch = ByteBuffer.allocateDirect(Training.READ_BUFFER_BYTES + 4096).alignedSlice(4096);
        this.source = new SampleSource(run.datasetPlan(), Split.TRAIN, storage, run.format(), scratch);
    }

    /** Reads sample {@code sample} of training file {@code file}; returns the bytes read so far in all. */
    public long read(int file, int sample) {
        source.read(file, sample);
        return source.bytesRead();
    }

    @Override
    public void close() throws Exception {
        source.close();
        storage.close();
    }
}
