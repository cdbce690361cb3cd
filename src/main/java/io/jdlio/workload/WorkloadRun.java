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

/**
 * One run of a workload: the YAML parsed once, the overrides that went into it and the accelerator count. The
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

    public TrainingPlan trainingPlan(DatasetPlan dataset) {
        return new TrainingPlan(workload, dataset, accelerators);
    }

    public CheckpointPlan checkpointPlan() {
        return new CheckpointPlan(workload, accelerators);
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
