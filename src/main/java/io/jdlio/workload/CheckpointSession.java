package io.jdlio.workload;

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
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;

/**
 * Checkpoint-only mode one checkpoint at a time: each save writes checkpoint (1, i) with all ranks, each load
 * reads one back with all ranks. Pauses (time_between_checkpoints), deleting the previous checkpoint and
 * dropping caches happen in {@link #prepareSave()} / {@link #prepareLoad()}, outside timing. Warmup saves and
 * loads do the same work and are left out of DLIO's outputs, as warmup epochs are. JMH runs saves and loads
 * as two trials; the second of one launcher run writes its figures into the first's folder, beside them.
 */
public final class CheckpointSession implements AutoCloseable {
    private final Workload workload;
    private final List<String> overrides;
    private final CheckpointPlan plan;
    private final Storage storage;
    private final Checkpointing checkpointing;
    private final RunReport report;
    private final List<AcceleratorEpoch> ranks = new ArrayList<>();
    private final String trial;
    private int saves;
    private int measuredSaves;
    private int measuredLoads;
    private boolean loadable;
    private final Ranks hosts;

    public CheckpointSession(WorkloadRun run) {
        this.overrides = run.overrides();
        this.workload = run.workload();
        int accelerators = run.accelerators();
        if (!workload.workflow().checkpoint()) {
            throw new WorkloadException(workload.source() + ": workflow.checkpoint is off, so there is no checkpoint "
                    + "to save or load; set workflow.checkpoint=True");
        }
        // results must not be lost after the last checkpoint: both folders are checked before any work
        run.requireOutputFolders(true);
        this.plan = run.checkpointPlan();
        this.storage = run.openCheckpointStorage();
        this.hosts = run.ranks();
        this.checkpointing = new Checkpointing(workload, plan, storage, accelerators, hosts);
        this.report = new RunReport(Outputs.facts(workload, hosts.total(), 0, false, plan.reportedGiB()));
        report.acrossHosts(hosts.cluster(), hosts.first());
        checkpointing.holdAcrossHosts();
        String start = Timestamps.now();
        for (int r = 0; r < accelerators; r++) {
            AcceleratorEpoch e = new AcceleratorEpoch(1);
            e.start = start;
            ranks.add(e);
        }
        this.trial = run.trial();
    }

    /** The accelerators this process runs among the run's (all of them on one host). */
    public Ranks ranks() {
        return hosts;
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
        // across hosts: every rank's save done before rank 0 deletes the folder, and deleted before any writes
        together();
        if (saves > 0) {
            checkpointing.delete(1, saves);
            loadable = false;
        }
        together();
        pause();
    }

    private void together() {
        if (hosts.distributed()) {
            hosts.cluster().barrier();
        }
    }

    /** One checkpoint saved by every rank; a measured save is numbered and kept for DLIO's outputs. */
    public List<CheckpointTiming> save(boolean measured) {
        saves++;
        List<CheckpointTiming> t;
        try (LiveProgress live = progress("save " + saves)) {
            t = checkpointing.all(true, 1, saves, measured ? ++measuredSaves : 0);
        }
        if (measured) {
            record(t);
        }
        loadable = true;
        return t;
    }

    /** Before a timed load: a checkpoint to read exists (saved untimed if needed), and no cache holds it. */
    public void prepareLoad() throws IOException {
        together();
        if (!loadable) {
            checkpointing.deleteOwn();
            together();
            saves++;
            checkpointing.all(true, 1, saves, saves);
            loadable = true;
            // every host's files are written before any host looks at them
            together();
        }
        checkpointing.evictIfNeeded(1, saves);
        together();
        pause();
    }

    /** The latest checkpoint loaded by every rank; a measured load is numbered and kept for DLIO's outputs. */
    public List<CheckpointTiming> load(boolean measured) {
        List<CheckpointTiming> t;
        try (LiveProgress live = progress("load of save " + saves)) {
            t = checkpointing.all(false, 1, saves, measured ? ++measuredLoads : 0);
        }
        if (measured) {
            record(t);
            if (checkpointing.cacheSuspect()) {
                report.cacheSuspect("checkpoint loads may have been served by the page cache: O_DIRECT is not "
                        + "available here and dropping caches is not permitted");
            }
        }
        return t;
    }

    /** A long checkpoint's progress: bytes moved by all ranks of the plan's total, rate and time left. */
    private LiveProgress progress(String what) {
        long base = checkpointing.bytesMoved();
        long total = checkpointing.plan().bytes();
        long start = System.nanoTime();
        return LiveProgress.start(() -> {
            long done = checkpointing.bytesMoved() - base;
            double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
            double rate = done / seconds;
            return String.format(java.util.Locale.ROOT, "[jdlio] checkpoint %s: %.2f/%.2f GiB, %.2f GiB/s, ETA %s",
                    what, done / 1073741824.0, total / 1073741824.0, rate / 1073741824.0,
                    LiveProgress.duration(rate > 0 ? (total - done) / rate : Double.NaN));
        });
    }

    private void pause() {
        double s = workload.checkpoint().timeBetweenCheckpoints();
        // DLIO's -1 default sleeps a second; jdlio does not pause for it (docs/differences.md,
        // "time_between_checkpoints: -1")
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

    /**
     * Writes DLIO's files; returns the folder (null in a process of a run across hosts other than rank 0's). When an earlier trial of this launcher run with the same
     * parameters did the other half (its loads to these saves, or the reverse), its figures join these in its
     * folder, so the run's summary.json has save and load figures as DLIO's has.
     */
    public Path writeOutputs() throws IOException {
        String end = Timestamps.now();
        for (AcceleratorEpoch e : ranks) {
            e.end = end;
            e.meminfo = HostInfo.meminfo();
        }
        Set<String> done = CheckpointTrials.kinds(ranks);
        if (hosts.distributed()) {
            return writeAcrossHosts(done);
        }
        Outputs.Target target = Outputs.target(workload, trial, earlier -> CheckpointTrials.completes(earlier, done));
        if (target.merge() != null) {
            CheckpointTrials.merge(target.merge(), ranks, report);
        }
        report.add(ranks);
        storage.retries().ifPresent(r -> report.storageRetries(r.asMap()));
        Outputs.write(target.folder(), report.files(workload.output().logFile(),
                TrainingSession.dumpYaml(workload.resolved()), new Yaml().dump(overrides)),
                new OutputLedger(Outputs.runId(), trial, List.of(), CheckpointTrials.partial(ranks, report)));
        return target.folder();
    }

    /**
     * {@link #writeOutputs} across hosts: rank 0 finds the folder and the earlier trial to merge with, and every
     * process merges its ranks' part of it; every process's timings reach rank 0's ledger, so the next trial
     * can merge all of them in turn.
     */
    private Path writeAcrossHosts(Set<String> done) throws IOException {
        io.jdlio.cluster.Cluster cluster = hosts.cluster();
        Outputs.Target target = null;
        String earlier = "";
        if (cluster.rank() == 0) {
            target = Outputs.target(workload, trial, e -> CheckpointTrials.completes(e, done));
            if (target.merge() != null) {
                earlier = io.jdlio.metrics.Json.write(target.merge().partial());
            }
        }
        earlier = new String(cluster.allGather(earlier.getBytes(StandardCharsets.UTF_8))[0], StandardCharsets.UTF_8);
        if (!earlier.isEmpty()) {
            // JSON is YAML: the configs' parser reads it
            CheckpointTrials.merge((Map<?, ?>) new Yaml().load(earlier), ranks, report, hosts.first());
        }
        Map<String, Object> partial = CheckpointTrials.partial(ranks, report);
        List<Object> all = new ArrayList<>();
        for (byte[] b : cluster.allGather(io.jdlio.metrics.Json.write(partial.get("ranks"))
                .getBytes(StandardCharsets.UTF_8))) {
            all.addAll((List<?>) new Yaml().load(new String(b, StandardCharsets.UTF_8)));
        }
        partial.put("ranks", all);
        report.add(ranks);
        Map<String, String> files = report.files(workload.output().logFile(),
                TrainingSession.dumpYaml(workload.resolved()), new Yaml().dump(overrides));
        if (cluster.rank() != 0) {
            // its ranks' files went to rank 0, which writes the folder
            return null;
        }
        Outputs.write(target.folder(), files, new OutputLedger(Outputs.runId(), trial, List.of(), partial));
        return target.folder();
    }

    public RunReport report() {
        return report;
    }

    /** Deletes the checkpoints this session wrote; the checkpoint folder keeps anything else. */
    @Override
    public void close() throws IOException {
        checkpointing.deleteOwn();
        checkpointing.release();
        storage.close();
    }

    public String describe() {
        return String.format(Locale.ROOT, "%d files, %.3f GiB per checkpoint on %d accelerators", plan.files(),
                plan.bytes() / (double) (1L << 30), plan.accelerators());
    }
}
