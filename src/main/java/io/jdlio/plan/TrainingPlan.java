package io.jdlio.plan;

import io.jdlio.config.ConfigException;
import io.jdlio.config.Shuffle;
import io.jdlio.config.Workload;
import io.jdlio.data.LegacyRandom;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How a dataset is split into steps for a number of accelerators (docs/differences.md, "trimming" and "shuffling"):
 * samples are trimmed to a multiple of batch x accelerators so every accelerator runs the same number of steps; each
 * epoch the file list is optionally permuted and cut into contiguous, never overlapping, per-accelerator ranges.
 */
public final class TrainingPlan {
    private final Workload workload;
    private final DatasetPlan dataset;
    private final int accelerators;
    private final Phase train;
    private final Phase eval;

    /** Sample and step counts of one split. */
    public record Phase(Split split, int batch, long samples, long samplesUsed, long samplesPerAccelerator,
                        long stepsPerEpoch) {
        public long samplesTrimmed() {
            return samples - samplesUsed;
        }
    }

    public TrainingPlan(Workload workload, DatasetPlan dataset, int accelerators) {
        if (accelerators < 1) {
            throw new ConfigException("accelerators = " + accelerators + ": expected at least 1");
        }
        this.workload = workload;
        this.dataset = dataset;
        this.accelerators = accelerators;
        this.train = phase(Split.TRAIN, workload.reader().batchSize());
        this.eval = phase(Split.VALID, workload.reader().batchSizeEval());
        long cap = workload.train().totalTrainingSteps();
        // a run of no steps would report zeros as if they were measured
        if (workload.workflow().train() && train.samples() == 0) {
            throw new ConfigException(workload.source() + ": dataset.num_files_train = "
                    + dataset.fileCount(Split.TRAIN) + ": expected at least one training file when workflow.train "
                    + "is on; raise dataset.num_files_train, or set workflow.train: False");
        }
        if (workload.workflow().train() && workload.workflow().evaluation()) {
            requireEvalSteps(workload, accelerators);
        }
        if (workload.workflow().train() && train.samples() > 0 && train.stepsPerEpoch() == 0) {
            throw new ConfigException(workload.source() + ": " + train.samples() + " training samples are fewer "
                    + "than one step (reader.batch_size " + train.batch() + " x " + accelerators
                    + " accelerators); raise dataset.num_files_train or lower batch_size or accelerators");
        }
        if (cap > 0 && cap > train.stepsPerEpoch() && workload.workflow().train()) {
            throw new ConfigException(workload.source() + ": train.total_training_steps = " + cap
                    + ": expected at most the " + train.stepsPerEpoch() + " steps an epoch has with "
                    + accelerators + " accelerator(s)");
        }
    }

    private void requireEvalSteps(Workload workload, int accelerators) {
        if (eval.samples() == 0) {
            throw new ConfigException(workload.source() + ": dataset.num_files_eval = "
                    + dataset.fileCount(Split.VALID) + ": expected at least one evaluation file when "
                    + "workflow.evaluation is on; raise dataset.num_files_eval, or set workflow.evaluation: False");
        }
        if (eval.stepsPerEpoch() == 0) {
            throw new ConfigException(workload.source() + ": " + eval.samples() + " evaluation samples are fewer "
                    + "than one step (reader.batch_size_eval " + eval.batch() + " x " + accelerators
                    + " accelerators); raise dataset.num_files_eval or lower batch_size_eval or accelerators");
        }
    }

    private Phase phase(Split split, int batch) {
        long samples = (long) dataset.fileCount(split) * dataset.samplesPerFile();
        long perStep = (long) batch * accelerators;
        long used = samples / perStep * perStep;
        long perAccelerator = used / accelerators;
        return new Phase(split, batch, samples, used, perAccelerator, perAccelerator / batch);
    }

    public int accelerators() {
        return accelerators;
    }

    /**
     * Why AU and DLIO's samples/s will read 0, when they will: the epoch's steps all fall in the steps the AU window
     * leaves out, so there is nothing to measure, and the "fail" that follows says nothing about the storage.
     */
    public Optional<String> emptyAuWindow() {
        int excluded = workload.output().excludeStartSteps() + workload.output().excludeEndSteps();
        long steps = trainStepsPerEpoch();
        if (!workload.workflow().train() || steps == 0 || steps > excluded) {
            return Optional.empty();
        }
        return Optional.of(workload.source() + ": an epoch has " + steps + " training step(s) per accelerator on "
                + accelerators + " accelerator(s), and the AU window leaves out " + excluded
                + " (output.metric.exclude_start_steps + exclude_end_steps): AU and samples/s will read 0 and the "
                + "verdict fail, which says nothing about the storage; raise dataset.num_files_train, or use fewer "
                + "accelerators or a smaller reader.batch_size");
    }

    public DatasetPlan dataset() {
        return dataset;
    }

    public Phase train() {
        return train;
    }

    public Phase eval() {
        return eval;
    }

    /** Training steps run in one epoch: all of them, or {@code total_training_steps} when set (per epoch, as DLIO). */
    public long trainStepsPerEpoch() {
        long cap = workload.train().totalTrainingSteps();
        return cap > 0 ? Math.min(cap, train.stepsPerEpoch()) : train.stepsPerEpoch();
    }

    /** The seed of an epoch: {@code seed + epoch} when seed_change_epoch, else {@code seed}. */
    public long epochSeed(int epoch) {
        return workload.train().seed() + (workload.train().seedChangeEpoch() ? epoch : 0);
    }

    /** Read order of one accelerator's samples of a split in an epoch (epochs count from 1). */
    public SampleOrder order(Split split, int epoch, int accelerator) {
        Phase p = split == Split.TRAIN ? train : eval;
        int files = dataset.fileCount(split);
        int[] fileOrder = new int[files];
        for (int i = 0; i < files; i++) {
            fileOrder[i] = i;
        }
        Shuffle fileShuffle = workload.reader().fileShuffle();
        if (fileShuffle != Shuffle.OFF) {
            // numpy's legacy shuffle, so a seeded file order is the one DLIO's seed(seed + epoch) gives
            long seed = fileShuffle == Shuffle.SEED ? epochSeed(epoch) : new SecureRandom().nextInt() & 0xFFFFFFFFL;
            LegacyRandom rng = new LegacyRandom(seed);
            if (split == Split.VALID) {
                rng.shuffle(new int[dataset.fileCount(Split.TRAIN)]);
            }
            rng.shuffle(fileOrder);
        }
        long from = (long) accelerator * p.samplesPerAccelerator();
        long to = from + p.samplesPerAccelerator();
        Shuffle sampleShuffle = workload.reader().sampleShuffle();
        SplittableRandom rng = null;
        if (sampleShuffle == Shuffle.SEED) {
            rng = new SplittableRandom(epochSeed(epoch) * 0x9E3779B97F4A7C15L + accelerator * 31L + split.ordinal());
        } else if (sampleShuffle == Shuffle.RANDOM) {
            rng = new SplittableRandom(new SecureRandom().nextLong());
        }
        return SampleOrder.of(fileOrder, dataset.samplesPerFile(), from, to, rng);
    }
}
