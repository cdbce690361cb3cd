package io.jdlio.workload;

import io.jdlio.config.ConfigLocator;
import io.jdlio.config.Overrides;
import io.jdlio.config.Workload;
import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.metrics.CheckpointTiming;
import io.jdlio.metrics.HostInfo;
import io.jdlio.metrics.RunReport;
import io.jdlio.metrics.Timestamps;
import io.jdlio.plan.CheckpointPlan;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yaml.snakeyaml.Yaml;

/**
 * Checkpoint-only mode (§5.1) one checkpoint at a time: each save writes checkpoint (1, i) with all ranks,
 * each load reads one back with all ranks. Pauses (time_between_checkpoints), deleting the previous
 * checkpoint and dropping caches happen in {@link #prepareSave()} / {@link #prepareLoad()}, outside timing.
 */
public final class CheckpointSession implements AutoCloseable {
    private final Workload workload;
    private final List<String> overrides;
    private final CheckpointPlan plan;
    private final Storage storage;
    private final Checkpointing checkpointing;
    private final RunReport report;
    private final List<AcceleratorEpoch> ranks = new ArrayList<>();
    private final Path outputFolder;
    private int saves;
    private int loads;
    private boolean loadable;

    public CheckpointSession(String config, String overrides, int accelerators) {
        this.overrides = Overrides.split(overrides);
        this.workload = ConfigLocator.load(config, this.overrides);
        if (!workload.workflow().checkpoint()) {
            throw new WorkloadException(workload.source() + ": workflow.checkpoint is off, so there is no checkpoint "
                    + "to save or load; set workflow.checkpoint=True");
        }
        this.plan = new CheckpointPlan(workload, accelerators);
        this.storage = Datasets.checkpointStorage(workload);
        this.checkpointing = new Checkpointing(workload, plan, storage, accelerators);
        this.report = new RunReport(Outputs.facts(workload, accelerators, 0, false, plan.reportedGiB()));
        String start = Timestamps.now();
        for (int r = 0; r < accelerators; r++) {
            AcceleratorEpoch e = new AcceleratorEpoch(1);
            e.start = start;
            ranks.add(e);
        }
        this.outputFolder = Outputs.folder(workload);
    }

    public Workload workload() {
        return workload;
    }

    public CheckpointPlan plan() {
        return plan;
    }

    public Checkpointing checkpointing() {
        return checkpointing;
    }

    /** Before a timed save: the previous checkpoint goes (disk holds one), then DLIO's pause. */
    public void prepareSave() throws IOException {
        if (saves > 0) {
            checkpointing.delete(1, saves);
            loadable = false;
        }
        pause();
    }

    /** One checkpoint saved by every rank. */
    public List<CheckpointTiming> save() {
        saves++;
        List<CheckpointTiming> t = checkpointing.all(true, 1, saves, saves);
        record(t);
        loadable = true;
        return t;
    }

    /** Before a timed load: a checkpoint to read exists (saved untimed if needed), and no cache holds it. */
    public void prepareLoad() throws IOException {
        if (!loadable) {
            checkpointing.deleteAll();
            saves++;
            checkpointing.all(true, 1, saves, saves);
            loadable = true;
        }
        checkpointing.evictIfNeeded(1, saves);
        pause();
    }

    /** The latest checkpoint loaded by every rank. */
    public List<CheckpointTiming> load() {
        loads++;
        List<CheckpointTiming> t = checkpointing.all(false, 1, saves, loads);
        record(t);
        if (checkpointing.cacheSuspect()) {
            report.note("checkpoint loads may have been served by the page cache: O_DIRECT is not available "
                    + "here and dropping caches is not permitted");
        }
        return t;
    }

    private void pause() {
        double s = workload.checkpoint().timeBetweenCheckpoints();
        // Part A #9: DLIO's -1 default sleeps a second; jdlio does not pause for it
        if (s > 0) {
            try {
                Thread.sleep((long) (s * 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(List<CheckpointTiming> timings) {
        for (int r = 0; r < timings.size(); r++) {
            ranks.get(r).checkpoints.add(timings.get(r));
        }
    }

    /** GB/s of one checkpoint the way MLPerf reports it: checkpoint size over the slowest rank's time. */
    public double slowestRankGiBps(List<CheckpointTiming> t) {
        return plan.reportedGiB() / t.stream().mapToDouble(CheckpointTiming::seconds).max().orElse(Double.NaN);
    }

    public Path writeOutputs() throws IOException {
        String end = Timestamps.now();
        for (AcceleratorEpoch e : ranks) {
            e.end = end;
            e.meminfo = HostInfo.meminfo();
        }
        report.add(ranks);
        report.write(outputFolder, workload.output().logFile(), TrainingSession.dumpYaml(workload.resolved()),
                new Yaml().dump(overrides));
        return outputFolder;
    }

    public RunReport report() {
        return report;
    }

    /** Deletes this session's checkpoints; the checkpoint folder keeps anything else. */
    @Override
    public void close() throws IOException {
        checkpointing.deleteAll();
        checkpointing.release();
        storage.close();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d files, %.3f GiB per checkpoint on %d accelerators", plan.files(),
                plan.bytes() / (double) (1L << 30), plan.accelerators());
    }
}
