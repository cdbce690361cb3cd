package io.jdlio.workload;

import io.jdlio.config.TimeSpec;
import io.jdlio.config.Workload;
import io.jdlio.data.ContentStream;
import io.jdlio.format.FileFormat;
import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.metrics.Block;
import io.jdlio.metrics.HostInfo;
import io.jdlio.metrics.Timestamps;
import io.jdlio.plan.SampleOrder;
import io.jdlio.plan.Split;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.storage.Storage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training epochs as DLIO runs them (docs/metrics.md, "What is measured per step"): one thread per accelerator, each
 * with its own loader; per step wait for the batch (load), emulate compute, then a barrier standing in for the
 * all-reduce. Optional evaluation follows the epoch at DLIO's cadence.
 */
public final class Training {
    static final int READ_BUFFER_BYTES = 4 << 20;

    private final Workload workload;
    private final TrainingPlan plan;
    private final Storage storage;
    private final FileFormat format;
    private final ByteBuffer sampleImage;
    private final LoaderBuffers[] trainBuffers;
    private final LoaderBuffers[] evalBuffers;

    private final Checkpointing checkpointing;
    private final Ranks ranks;

    /** {@code checkpointing} is null when the workflow saves no checkpoints. Every accelerator in this process. */
    public Training(Workload workload, TrainingPlan plan, Storage storage, FileFormat format,
                    Checkpointing checkpointing) {
        this(workload, plan, storage, format, checkpointing, Ranks.local(plan.accelerators()));
    }

    /** {@code ranks}: the plan's accelerators this process runs (all of them, or this host's share). */
    public Training(Workload workload, TrainingPlan plan, Storage storage, FileFormat format,
                    Checkpointing checkpointing, Ranks ranks) {
        this.ranks = ranks;
        this.workload = workload;
        this.checkpointing = checkpointing;
        this.plan = plan;
        this.storage = storage;
        this.format = format;
        this.sampleImage = sampleImage(workload);
        int n = ranks.perHost();
        this.trainBuffers = new LoaderBuffers[n];
        this.evalBuffers = new LoaderBuffers[n];
        boolean evaluates = workload.workflow().evaluation() && plan.eval().stepsPerEpoch() > 0;
        // read_threads and prefetch_size are worked out here once; buffers and loaders follow the shape
        LoaderShape shape = LoaderShape.of(workload.reader());
        for (int r = 0; r < n; r++) {
            trainBuffers[r] = buffers(shape, workload.reader().batchSize());
            evalBuffers[r] = evaluates ? buffers(shape, workload.reader().batchSizeEval()) : null;
        }
    }

    private LoaderBuffers buffers(LoaderShape shape, int batch) {
        return new LoaderBuffers(shape,
                (long) sampleImage.capacity() * batch, READ_BUFFER_BYTES);
    }

    /**
     * The in-memory sample every reader hands to compute (docs/datasets.md, "The loader"):
     * {@code transformed_record_dims}, else a square of int(sqrt(record_length_bytes_resize)) or
     * int(sqrt(record_length)) bytes.
     */
    static ByteBuffer sampleImage(Workload w) {
        ByteBuffer b = ByteBuffer.allocateDirect(sampleImageBytes(w));
        new ContentStream(0, -1).fill(b, 0);
        return b.clear();
    }

    /** The size of {@link #sampleImage}, which sizes every collated batch buffer. */
    static int sampleImageBytes(Workload w) {
        long bytes;
        List<Integer> t = w.reader().transformedRecordDims();
        if (!t.isEmpty()) {
            bytes = w.reader().transformedRecordElementType().bytes();
            for (int d : t) {
                bytes *= d;
            }
        } else {
            double length = w.dataset().recordLengthBytesResize() > 0 ? w.dataset().recordLengthBytesResize()
                    : w.dataset().recordLengthBytes();
            long side = (long) Math.sqrt(length);
            bytes = side * side;
        }
        return (int) Math.max(1, Math.min(bytes, Integer.MAX_VALUE / 64));
    }

    /** Whether DLIO's cadence evaluates after epoch {@code epoch} (warmup epochs, numbered 0 and below, never do). */
    public boolean evaluatesAfter(int epoch) {
        if (epoch < 1 || !workload.workflow().evaluation() || plan.eval().stepsPerEpoch() == 0) {
            return false;
        }
        int first = workload.evaluation().evalAfterEpoch();
        return epoch >= first && (epoch - first) % workload.evaluation().epochsBetweenEvals() == 0;
    }

    /**
     * Whether an end-of-epoch checkpoint follows epoch {@code epoch} (docs/checkpoints.md, "When"; warmup epochs never
     * save).
     */
    boolean checkpointsAfter(int epoch) {
        if (checkpointing == null || epoch < 1 || workload.checkpoint().stepsBetweenCheckpoints() >= 0) {
            return false;
        }
        int first = workload.checkpoint().checkpointAfterEpoch();
        return epoch >= first && (epoch - first) % workload.checkpoint().epochsBetweenCheckpoints() == 0;
    }

    /** Steps between in-epoch checkpoints, or 0 when none fire in this epoch. */
    private long checkpointEvery(int epoch) {
        int every = workload.checkpoint().stepsBetweenCheckpoints();
        return checkpointing == null || epoch < 1 || every <= 0 ? 0 : every;
    }

    /**
     * Runs one epoch on every accelerator; returns one record per accelerator. Epochs numbered 0 and below
     * are warmups: same reads and compute, no evaluation and no checkpoints.
     */
    public List<AcceleratorEpoch> runEpoch(int epoch) {
        List<AcceleratorEpoch> records = trainEpoch(epoch);
        finishEpoch(epoch, records);
        return records;
    }

    /**
     * The training steps of one epoch on every accelerator, step checkpoints included (they interrupt the
     * steps): what DLIO's epoch duration measures. {@link #finishEpoch} does the rest.
     */
    public List<AcceleratorEpoch> trainEpoch(int epoch) {
        return trainEpoch(epoch, null);
    }

    /** As {@link #trainEpoch(int)}, counting every accelerator's steps into {@code progress} when given. */
    List<AcceleratorEpoch> trainEpoch(int epoch, EpochProgress progress) {
        int n = ranks.perHost();
        // the step's all-reduce: this host's accelerators meet, then the last to arrive meets the other hosts
        StepBarrier barrier = ranks.distributed() ? new StepBarrier(n, ranks.cluster()::barrier) : new StepBarrier(n);
        List<AcceleratorEpoch> records = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            records.add(new AcceleratorEpoch(epoch));
        }
        Throwable f = Parallel.run(n, "jdlio-accelerator", local -> acrossHosts(() ->
                train(local, epoch, barrier, records.get(local), progress)), barrier::breakBarrier);
        if (f != null) {
            throw Parallel.rethrow(f, "epoch " + epoch + " failed");
        }
        return records;
    }

    /** What follows an epoch's steps, in DLIO's order, on every accelerator: the epoch checkpoint, then evaluation. */
    public void finishEpoch(int epoch, List<AcceleratorEpoch> records) {
        boolean checkpoint = checkpointsAfter(epoch);
        boolean evaluate = evaluatesAfter(epoch);
        if (!checkpoint && !evaluate) {
            return;
        }
        Throwable f = Parallel.run(ranks.perHost(), "jdlio-accelerator", local -> acrossHosts(() -> {
            AcceleratorEpoch record = records.get(local);
            if (checkpoint) {
                // named after the step that would come next, as DLIO does (global_epoch1_step5 after 4 steps)
                record.checkpoints.add(checkpointing.save(ranks.global(local), epoch, plan.trainStepsPerEpoch() + 1,
                        record.blocks.size()));
                record.end = Timestamps.now();
            }
            if (evaluate) {
                evaluate(local, epoch, record);
            }
        }), () -> { });
        if (f != null) {
            throw Parallel.rethrow(f, "epoch " + epoch + " failed");
        }
    }

    /** An accelerator's work; its failure, under MPI, ends every host's (see {@link Ranks#failed}). */
    private void acrossHosts(Work work) throws Exception {
        try {
            work.run();
        } catch (Exception | Error e) {
            // a thread interrupted because another one failed is not the failure to report
            if (!(e instanceof InterruptedException)) {
                ranks.failed(e);
            }
            throw e;
        }
    }

    /** {@code local}: the accelerator's index in this process; its global rank picks its samples. */
    private BatchLoader loader(Split split, int epoch, int local, long steps, int batch) {
        int rank = ranks.global(local);
        SampleOrder order = plan.order(split, epoch, rank);
        SampleLog.log(split, epoch, rank, order, steps * batch);
        LoaderBuffers buffers = split == Split.TRAIN ? trainBuffers[local] : evalBuffers[local];
        return new BatchLoader(order, batch, steps, buffers,
                w -> new SampleSource(plan.dataset(), split, storage, format, buffers.reads[w].clear()),
                sampleImage.duplicate(), workload.reader().preprocessTime(), seed(epoch, rank, split),
                "jdlio-" + split.folder() + "-" + rank);
    }

    private long seed(int epoch, int rank, Split split) {
        return plan.epochSeed(epoch) * 1_000_003L + rank * 7919L + split.ordinal();
    }

    private void train(int local, int epoch, StepBarrier barrier, AcceleratorEpoch record, EpochProgress progress)
            throws Exception {
        int rank = ranks.global(local);
        long steps = plan.trainStepsPerEpoch();
        record.start = Timestamps.now();
        record.meminfo = HostInfo.meminfo();
        try (BatchLoader loader = loader(Split.TRAIN, epoch, local, steps, workload.reader().batchSize())) {
            // everyone starts together, or the first epoch's AU is skewed (DLIO 3c2be85)
            long epochStart = barrier.await();
            long every = checkpointEvery(epoch);
            double checkpointSeconds = 0;
            record.blocks.addAll(steps(loader, epochStart, steps, workload.train().computationTime(),
                    new SplittableRandom(seed(epoch, rank, Split.TRAIN)), barrier, every,
                    (step, block) -> record.checkpoints.add(checkpointing.save(rank, epoch, step, block)), progress));
            for (var c : record.checkpoints) {
                checkpointSeconds += c.seconds();
            }
            // DLIO keeps checkpoint time out of the blocks; the epoch's training time leaves it out too
            record.trainSeconds = (System.nanoTime() - epochStart) / 1e9 - checkpointSeconds;
            record.trainSamples = steps * workload.reader().batchSize();
            barrier.await();
            loader.close();
            record.trainBytesRead = loader.bytesRead();
            record.readLatency = loader.readLatency();
        }
        record.end = Timestamps.now();
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Saves a checkpoint inside the step loop. */
    @FunctionalInterface
    private interface StepCheckpoint {
        void save(long step, int block);
    }

    private void evaluate(int local, int epoch, AcceleratorEpoch record) throws Exception {
        int rank = ranks.global(local);
        long steps = plan.eval().stepsPerEpoch();
        try (BatchLoader loader = loader(Split.VALID, epoch, local, steps, workload.reader().batchSizeEval())) {
            // evaluation has no all-reduce, so no barrier per step
            record.eval = steps(loader, System.nanoTime(), steps, workload.evaluation().evalTime(),
                    new SplittableRandom(seed(epoch, rank, Split.VALID)), null, 0, null, null).get(0);
            loader.close();
            record.evalBytesRead = loader.bytesRead();
        }
        record.end = Timestamps.now();
    }

    /**
     * The steps of an epoch: wait for the batch (load), emulate compute, then the barrier when there is one. A step
     * begins when the one before it ended: at the barrier's release, or at {@code begin} for the first. Per-step load
     * and proc are measured from there. Every {@code every} steps a checkpoint closes the block, and the next block
     * starts after it (docs/checkpoints.md, "When").
     */
    private static List<Block> steps(BatchLoader loader, long begin, long steps, TimeSpec compute,
                                     SplittableRandom rng, StepBarrier barrier, long every, StepCheckpoint checkpoint,
                                     EpochProgress progress) throws InterruptedException {
        loader.start();
        List<Block> blocks = new ArrayList<>();
        Block block = new Block();
        block.start(begin);
        long loadStart = begin;
        for (long step = 0; step < steps; step++) {
            ByteBuffer batch = loader.take();
            // compute starts when the step has begun and its batch is complete. A batch prefetched before the
            // barrier's release is computed on from the release, however late this thread got a core again: with
            // more accelerator threads than cores the wake-ups after a release queue behind one another, and that
            // queue is the emulator's, not the storage's (docs/differences.md, "emulated compute"). The host's side
            // of the step (sending the next index to a worker) overlaps compute, as the Python thread goes on
            // while the GPU computes.
            long arrived = Math.max(loadStart, loader.readyAt());
            double seconds = compute.draw(rng);
            loader.dispatch();
            long ended;
            double computed;
            if (barrier != null) {
                // the barrier's last arrival waits for the latest compute deadline; the step ends at its release
                ended = barrier.await(arrived + (long) (seconds * 1e9));
                computed = seconds;
            } else {
                // a wake-up past the deadline is the emulator's lateness, not compute: AU counts the drawn time
                computed = Math.min(seconds, PreciseWait.waitSince(arrived, seconds));
                ended = System.nanoTime();
            }
            // the step lasts until it ends for everyone: an excluded first step takes its wait for the other
            // accelerators' first reads out of the AU window with it (docs/metrics.md)
            block.step((arrived - loadStart) / 1e9, computed, (ended - loadStart) / 1e9);
            if (progress != null) {
                progress.step(computed);
            }
            loader.release(batch);
            if (every > 0 && (step + 1) % every == 0) {
                block.end(ended);
                blocks.add(block);
                checkpoint.save(step + 1, blocks.size());
                if (step + 1 == steps) {
                    // no empty trailing block (DLIO writes one with a negative throughput; docs/differences.md)
                    return blocks;
                }
                block = new Block();
                ended = System.nanoTime();
                block.start(ended);
            }
            loadStart = ended;
        }
        block.end(loadStart);
        blocks.add(block);
        return blocks;
    }
}
