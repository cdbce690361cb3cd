package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.metrics.EpochFigures;
import io.jdlio.metrics.RunReport;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A training trial: the workload resolved and planned, its dataset present, epochs run one at a time, and
 * DLIO's output files written for the epochs that were measured.
 */
public final class TrainingSession implements AutoCloseable {
    private final Workload workload;
    private final TrainingPlan plan;
    private final Storage storage;
    private final FileFormat format;
    private final Training training;
    private final Ranks ranks;
    private final Checkpointing checkpointing;
    private int warmupEpochs;
    private final RunReport report;
    private final String trial;
    private final java.util.List<String> overrides;
    private int epochsRun;
    private int expectedWarmups;
    private int expectedMeasured;
    private List<AcceleratorEpoch> pending;
    private int pendingEpoch;
    /** The data folder, held shared from the dataset check (or first epoch) to close: no generation rewrites it. */
    private io.jdlio.storage.FolderLock dataLock;

    public TrainingSession(WorkloadRun run) {
        this.overrides = run.overrides();
        this.workload = run.workload();
        int accelerators = run.accelerators();
        run.requireRunnable();
        // results must not be lost after the last epoch: their folders are checked before any work
        run.requireOutputFolders(workload.workflow().checkpoint());
        this.ranks = run.ranks();
        DatasetPlan dataset = run.datasetPlan();
        this.plan = run.trainingPlan(dataset);
        this.storage = run.openStorage();
        this.format = run.format();
        this.checkpointing = workload.workflow().checkpoint() ? checkpointing(run) : null;
        this.training = new Training(workload, plan, storage, format, checkpointing, ranks);
        double gib = Datasets.bytes(dataset, format, Split.TRAIN) / (double) (1L << 30);
        this.report = new RunReport(Outputs.facts(workload, ranks.total(), gib, true,
                checkpointing == null ? 0 : checkpointing.plan().reportedGiB()));
        report.acrossHosts(ranks.cluster(), ranks.first());
        if (checkpointing != null) {
            checkpointing.holdAcrossHosts();
        }
        double ram = io.jdlio.metrics.HostInfo.memoryGiB();
        if (storage.bypassesCache()) {
            report.note("reads with O_DIRECT: every epoch reads the storage, whatever the page cache holds");
        } else if (!storage.traits().pageCached()) {
            // an object store's reads go over the network every epoch: no page cache holds them here
        } else if (report.potentialCaching()) {
            report.cacheSuspect(String.format(java.util.Locale.ROOT, "the training set (%.2f GiB) is smaller than this "
                    + "host's memory: after the first epoch the page cache may serve reads, so read rates can "
                    + "exceed what the storage delivers", gib));
        } else if (gib < 5 * ram) {
            // MLPerf Storage sizes datasets at 5 x client RAM or more for exactly this reason
            report.note(String.format(java.util.Locale.ROOT, "the training set (%.2f GiB) is below 5 x this host's "
                    + "memory (%.1f GiB), MLPerf Storage's minimum: part of each epoch may come from the page cache",
                    gib, ram));
        }
        if (plan.train().samplesTrimmed() > 0) {
            report.note(plan.train().samplesTrimmed() + " training samples trimmed so that every accelerator "
                    + "runs the same number of steps");
        }
        if (workload.workflow().checkpoint() && workload.checkpoint().stepsBetweenCheckpoints() > 0) {
            report.note("steps_between_checkpoints: step checkpoints interrupt the epoch, so each epoch's JMH score "
                    + "includes their time; the checkpoint_seconds metric gives it (DLIO's AU leaves it out)");
        }
        this.trial = run.trial();
        this.expectedMeasured = workload.train().epochs();
    }

    private static Checkpointing checkpointing(WorkloadRun run) {
        // recovery_rank_shift reads the files of the next host's rank: accelerators per host is what DLIO's
        // ranks per node are
        return new Checkpointing(run.workload(), run.checkpointPlan(), run.openCheckpointStorage(), run.accelerators(),
                run.ranks());
    }

    /** The data folder, for messages: an absolute path, or the storage's own name for it (direct://, a bucket). */
    public String dataFolderWhere() {
        String folder = workload.dataset().dataFolder();
        return storage.localPath(folder).map(p -> p.toAbsolutePath().normalize().toString())
                .orElse(storage.describe(folder));
    }

    /** The accelerators this process runs among the run's (all of them on one host). */
    public Ranks ranks() {
        return ranks;
    }

    public Workload workload() {
        return workload;
    }

    public TrainingPlan plan() {
        return plan;
    }

    /** Makes the dataset exist, generating what is missing with all cores. */
    public Generation.Result ensureDataset(Generation.Progress progress) throws IOException {
        Generation.Result r = new Generation(workload, plan.dataset(), storage, format,
                Runtime.getRuntime().availableProcessors(), ranks.cluster()).ensure(progress);
        settle(r);
        holdDataset();
        return r;
    }

    /**
     * The fork's {@code storage.post_generation_settle_seconds}: after writing, wait before the first read, for
     * object stores whose listings and reads lag their writes.
     */
    private void settle(Generation.Result r) {
        double seconds = workload.storage().settleSeconds();
        if (r.filesWritten() > 0 && seconds > 0) {
            try {
                Thread.sleep((long) (seconds * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs the next epoch; a measured epoch is kept for DLIO's outputs, a warmup epoch is not. Measured epochs
     * are numbered 1, 2... as DLIO's; warmups 0, -1..., so DLIO's epoch cadences (evaluation, checkpoints)
     * count measured epochs only.
     */
    public EpochFigures runEpoch(boolean measured) {
        trainEpoch(measured);
        return finishEpoch();
    }

    /**
     * The next epoch's training steps, what DLIO's epoch duration measures (step checkpoints included: they
     * interrupt the steps); {@link #finishEpoch()} does the rest.
     */
    public List<AcceleratorEpoch> trainEpoch(boolean measured) {
        holdDataset();
        pendingEpoch = measured ? ++epochsRun : -(warmupEpochs++);
        EpochProgress progress = progress(measured);
        try (LiveProgress live = LiveProgress.start(progress::line)) {
            pending = training.trainEpoch(pendingEpoch, progress);
        }
        return pending;
    }

    /**
     * How many warmup and measured epochs the trial runs, for the progress line's "epoch 2/3" and time left; a
     * session not told counts train.epochs measured epochs and no warmup.
     */
    public void expectEpochs(int warmups, int measured) {
        expectedWarmups = Math.max(0, warmups);
        expectedMeasured = Math.max(0, measured);
    }

    private EpochProgress progress(boolean measured) {
        int warmups = Math.max(expectedWarmups, warmupEpochs);
        int total = Math.max(expectedMeasured, epochsRun);
        String label = measured ? "epoch " + epochsRun + "/" + total : "warmup epoch " + warmupEpochs + "/" + warmups;
        int later = (warmups - warmupEpochs) + (total - epochsRun);
        long steps = plan.trainStepsPerEpoch();
        // this host's accelerators: the ones whose steps it counts
        return new EpochProgress(label, ranks.perHost(), steps, later * steps,
                (double) workload.reader().batchSize() * workload.dataset().recordLengthBytes());
    }

    /**
     * What follows the epoch's steps, in DLIO's order: the epoch checkpoint, then evaluation. Returns the
     * epoch's figures when it was measured, null for a warmup (or when no epoch is pending).
     */
    public EpochFigures finishEpoch() {
        List<AcceleratorEpoch> records = pending;
        pending = null;
        if (records == null) {
            return null;
        }
        training.finishEpoch(pendingEpoch, records);
        return pendingEpoch < 1 ? null : report.add(records);
    }

    private void holdDataset() {
        if (dataLock == null) {
            try {
                dataLock = Generation.lockFolder(storage, workload.dataset().dataFolder(), false, "training");
            } catch (IOException e) {
                throw new WorkloadException("cannot hold dataset.data_folder " + storage.describe(
                        workload.dataset().dataFolder()) + " for reading: " + Generation.describe(e), e);
            }
        }
    }

    public RunReport report() {
        return report;
    }

    /**
     * The requests the data and checkpoint storages tried again since this session opened them (the dataset's
     * check and generation included); empty when neither backend counts them.
     */
    public java.util.Optional<io.jdlio.storage.StorageRetries> retries() {
        java.util.Optional<io.jdlio.storage.StorageRetries> data = storage.retries();
        java.util.Optional<io.jdlio.storage.StorageRetries> ckpt = checkpointing == null ? java.util.Optional.empty()
                : checkpointing.storage().retries();
        if (data.isEmpty()) {
            return ckpt;
        }
        return java.util.Optional.of(data.get().plus(ckpt.orElse(io.jdlio.storage.StorageRetries.NONE)));
    }

    /** The epoch and step checkpoints this run wrote (they stay, as DLIO's do), when it checkpoints. */
    public java.util.Optional<Checkpointing> checkpointing() {
        return java.util.Optional.ofNullable(checkpointing);
    }

    /**
     * Writes DLIO's files for the measured epochs; returns the folder (null in a process of a run across hosts
     * other than rank 0's). A training trial merges with none.
     */
    public Path writeOutputs() throws IOException {
        retries().ifPresent(r -> report.storageRetries(r.asMap()));
        Map<String, String> files = report.files(workload.output().logFile(), dumpYaml(workload.resolved()),
                new Yaml().dump(overrides));
        if (files.isEmpty()) {
            // a process other than rank 0's: its ranks' files went to rank 0, which writes the folder
            return null;
        }
        Path folder = Outputs.target(workload, trial, earlier -> false).folder();
        Outputs.write(folder, files, new OutputLedger(Outputs.runId(), trial, List.of(), Map.of()));
        return folder;
    }

    public static String dumpYaml(Map<String, Object> tree) {
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        return new Yaml(o).dump(fresh(tree));
    }

    // shared empty lists would otherwise come out as YAML anchors (&id001) and aliases
    private static Object fresh(Object v) {
        if (v instanceof Map) {
            Map<Object, Object> m = new java.util.LinkedHashMap<>();
            ((Map<?, ?>) v).forEach((k, x) -> m.put(k, fresh(x)));
            return m;
        }
        if (v instanceof java.util.List) {
            return ((java.util.List<?>) v).stream().map(TrainingSession::fresh)
                    .collect(java.util.stream.Collectors.toCollection(java.util.ArrayList::new));
        }
        return v;
    }

    @Override
    public void close() throws IOException {
        if (dataLock != null) {
            dataLock.close();
        }
        if (checkpointing != null) {
            checkpointing.release();
        }
        storage.close();
    }
}
