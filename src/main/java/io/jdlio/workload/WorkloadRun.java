package io.jdlio.workload;

import io.jdlio.config.ConfigLocator;
import io.jdlio.config.Overrides;
import io.jdlio.config.SecretOverrides;
import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.plan.CheckpointPlan;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.storage.Storage;
import io.jdlio.storage.StorageTraits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run of a workload: the YAML parsed once, the overrides that went into it and the accelerator count (per
 * host: an MPI launch of H processes runs H times as many, see {@link #ranks()}). The
 * launcher, the verbs, the JMH states and the sessions all build what a run needs from here (capability checks,
 * plans, storage, format, output folders), so none of them parses the YAML again or repeats the wiring.
 */
public record WorkloadRun(Workload workload, List<String> overrides, int accelerators) {
    /** Where timed generation writes, beside the configured data folder, never into it. */
    static final String GENERATION_SUFFIX = ".jdlio-generate";

    /** The overrides are kept with every credential masked: they reach overrides.yaml, the ledger and messages. */
    public WorkloadRun {
        overrides = List.copyOf(SecretOverrides.masked(overrides));
    }

    /**
     * Parses {@code config} with {@code overrides} (';'-separated, as JMH's -p passes them), the credentials the
     * launcher hid from JMH's parameters put back first.
     */
    public static WorkloadRun load(String config, String overrides, int accelerators) {
        return load(config, SecretOverrides.revealed(Overrides.split(overrides)), accelerators);
    }

    /** Parses {@code config} with {@code overrides}, one a list entry. */
    public static WorkloadRun load(String config, List<String> overrides, int accelerators) {
        return new WorkloadRun(ConfigLocator.load(config, overrides), overrides, accelerators);
    }

    /** The same run on another number of accelerators. */
    public WorkloadRun on(int count) {
        return new WorkloadRun(workload, overrides, count);
    }

    /** The run the generation benchmark times: the same dataset, in {@code <data_folder>.jdlio-generate}. */
    WorkloadRun forTimedGeneration() {
        return new WorkloadRun(workload.withDataFolder(workload.dataset().dataFolder() + GENERATION_SUFFIX),
                overrides, accelerators);
    }

    /** Fails with every blocking gap named when jdlio cannot run the workload's data path. */
    public void requireRunnable() {
        Capabilities.requireRunnable(workload);
    }

    /** Fails before any work when a folder the results go to cannot take them. */
    void requireOutputFolders(boolean checkpoints) {
        Outputs.requireOutputFolder(workload);
        if (checkpoints && StorageBackends.traits(StorageBackends.checkpointScheme(workload))
                .map(StorageTraits::hasFolders).orElse(false)) {
            Outputs.requireFolder(Path.of(workload.checkpoint().checkpointFolder()), "checkpoint.checkpoint_folder");
        }
    }

    public DatasetPlan datasetPlan() {
        return new DatasetPlan(workload.dataset());
    }

    /**
     * The accelerators of this process among the run's: {@code accelerators} per host, times the hosts of an
     * MPI launch (one host when there is none). Plans are made for all of them.
     */
    public Ranks ranks() {
        io.jdlio.cluster.Cluster cluster;
        try {
            cluster = io.jdlio.cluster.Clusters.current();
        } catch (io.jdlio.cluster.ClusterException e) {
            throw new WorkloadException(e.getMessage(), e);
        }
        return layout(cluster, accelerators, workload.workflow().hostsMayDiffer());
    }

    /** Each host's accelerator count as every host learned it, by this host's count (asked in the same order). */
    private static final Map<Integer, int[]> AGREED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Where this host's accelerators sit among the run's. Every host runs the same number (MLPerf's rule, the
     * default), checked once per count before any host works with it, so a host given another -p accelerators
     * ends the run at once naming the counts; with {@code workflow.hosts_may_differ} each host runs its own
     * count and its ranks follow those of the lower hosts.
     */
    static Ranks layout(io.jdlio.cluster.Cluster cluster, int accelerators, boolean mayDiffer) {
        if (!cluster.distributed()) {
            return new Ranks(cluster, accelerators);
        }
        int[] counts = AGREED.computeIfAbsent(accelerators, k -> countsOfEveryHost(cluster, k));
        int min = java.util.Arrays.stream(counts).min().orElseThrow();
        int max = java.util.Arrays.stream(counts).max().orElseThrow();
        if (min == max) {
            return new Ranks(cluster, accelerators);
        }
        if (!mayDiffer) {
            throw new WorkloadException(String.format(java.util.Locale.ROOT, "-p accelerators=%d on rank %d, but "
                    + "other ranks run between %d and %d: every host must run the same number of accelerators; give "
                    + "every host the same -p accelerators (or set workflow.hosts_may_differ: True)", accelerators,
                    cluster.rank(), min, max));
        }
        return Ranks.uneven(cluster, counts);
    }

    private static int[] countsOfEveryHost(io.jdlio.cluster.Cluster cluster, int accelerators) {
        byte[][] all = cluster.allGather(java.nio.ByteBuffer.allocate(4).putInt(accelerators).array());
        int[] counts = new int[all.length];
        for (int h = 0; h < all.length; h++) {
            counts[h] = java.nio.ByteBuffer.wrap(all[h]).getInt();
        }
        return counts;
    }

    public TrainingPlan trainingPlan(DatasetPlan dataset) {
        return new TrainingPlan(workload, dataset, ranks().total());
    }

    public CheckpointPlan checkpointPlan() {
        return new CheckpointPlan(workload, ranks().total());
    }

    public FileFormat format() {
        return Datasets.format(workload);
    }

    /** The dataset's storage; the caller closes it. */
    public Storage openStorage() {
        return Datasets.storage(workload);
    }

    /** The checkpoints' storage; the caller closes it. */
    Storage openCheckpointStorage() {
        return Datasets.checkpointStorage(workload);
    }

    /** The run's figures for {@code accelerators} and memory, checked before any buffer is allocated. */
    public ResourceBudget budget() {
        return ResourceBudget.of(workload, accelerators);
    }

    /** The trial's parameters as its output ledger records them. */
    String trial() {
        return Outputs.trial(workload, overrides, accelerators);
    }
}
