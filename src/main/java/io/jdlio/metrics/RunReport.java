package io.jdlio.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Collects the epochs of one trial and writes DLIO's outputs for them: {@code summary.json},
 * {@code <rank>_output.json}, {@code <rank>_per_epoch_stats.json} with DLIO's keys and shapes, and the
 * {@code [METRIC]} console block.
 */
public final class RunReport {
    private static final double MIB = 1024.0 * 1024.0;

    private final RunFacts facts;
    private String start = Timestamps.now();
    private final List<List<AcceleratorEpoch>> epochs = new ArrayList<>();   // [epoch][accelerator]
    private final List<EpochFigures> figures = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> log = new ArrayList<>();
    private final List<FirstWindow> windows = new ArrayList<>();   // [epoch]
    private final List<Latency> epochReads = new ArrayList<>();   // [epoch], every accelerator's reads merged
    private final UtilizationMath train;
    private final UtilizationMath eval;
    private String cacheSuspect;
    /** The processes of a run across hosts, and the global rank of this process's first accelerator. */
    private io.jdlio.cluster.Cluster cluster = io.jdlio.cluster.Cluster.LOCAL;
    private int firstRank;
    /** Requests the storage clients tried again during the trial, by cause ("total" first); null when unknown. */
    private Map<String, Long> storageRetries;

    /** Accelerator 0's AU window in one epoch, beside the epoch's samples and seconds it is a part of. */
    private record FirstWindow(AuWindow window, long epochSamples, double epochSeconds) {
    }

    public RunReport(RunFacts facts) {
        this.facts = facts;
        this.train = new UtilizationMath(facts.excludeStart(), facts.excludeEnd(), facts.batch());
        this.eval = new UtilizationMath(facts.excludeStart(), facts.excludeEnd(), facts.batchEval());
    }

    /**
     * This report holds the accelerators from global rank {@code firstRank} on, of a run whose processes are
     * {@code cluster}: every figure is then reduced over all processes (each calls {@link #add} and
     * {@link #files} in the same order), and rank 0 gets every file to write.
     */
    public void acrossHosts(io.jdlio.cluster.Cluster cluster, int firstRank) {
        this.cluster = cluster;
        this.firstRank = firstRank;
    }

    /** Adds a note that every output repeats, e.g. why a figure is suspect. */
    public void note(String note) {
        if (!notes.contains(note)) {
            notes.add(note);
        }
    }

    /** Marks the figures as possibly served by the page cache; {@code why} becomes a note, so the flag is explained. */
    public void cacheSuspect(String why) {
        if (cacheSuspect == null) {
            cacheSuspect = why;
        }
        note(why);
    }

    /** The trial's retried storage requests by cause, "total" first, as summary.json and the log give them. */
    public void storageRetries(Map<String, Long> byCause) {
        storageRetries = byCause == null ? null : new LinkedHashMap<>(byCause);
    }

    /** Why the figures may come from the page cache, or null when nothing says they may. */
    public String cacheSuspectBecause() {
        return cacheSuspect;
    }

    /** The notes every output repeats, with the one on DLIO's samples/s when it is far from the wall clock. */
    public List<String> notes() {
        List<String> all = new ArrayList<>(notes);
        String t = throughputNote();
        if (t != null) {
            all.add(t);
        }
        return all;
    }

    /**
     * DLIO's samples/s counts the steps in the AU window and divides by the window's time; with fast steps the
     * excluded steps hold nearly all the epoch's time (waiting for batches the readers fetch for every later
     * step at once), and the figure can be hundreds of times what the epoch's wall clock gives. Says so, with
     * the figures, when the two differ by more than 2x.
     */
    private String throughputNote() {
        if (!facts.training() || figures.isEmpty()) {
            return null;
        }
        double dlio = Spread.of(column(EpochFigures::samplesPerSecond)).mean();
        double wall = Spread.of(column(EpochFigures::wallSamplesPerSecond)).mean();
        if (!(wall > 0) || !(dlio > 0) || (dlio <= 2 * wall && dlio >= wall / 2)) {
            return null;
        }
        int worst = 0;
        for (int e = 1; e < figures.size(); e++) {
            if (Math.abs(Math.log(figures.get(e).samplesPerSecond() / figures.get(e).wallSamplesPerSecond()))
                    > Math.abs(Math.log(figures.get(worst).samplesPerSecond() / figures.get(worst).wallSamplesPerSecond()))) {
                worst = e;
            }
        }
        FirstWindow w = windows.get(worst);
        String why = dlio > wall
                ? "the first step of each block waits for the loader to start and deliver its batch, and while it "
                        + "waits the loader's read-ahead (read_threads workers, prefetch_size batches) reads the "
                        + "batches of the steps after it, so the counted steps find theirs ready; their reading "
                        + "time is in the excluded step, and the window holds little more than their compute time"
                : "the exclusions leave few or no steps to count, or the window's steps were slower than the rest";
        return String.format(Locale.ROOT, "DLIO's training samples/s (%.2f) is %.1fx the epoch's wall clock "
                + "(%.2f samples/s, jdlio.train_wall_samples_per_second): DLIO counts only the steps in its AU "
                + "window (the first exclude_start_steps=%d of each block and the last exclude_end_steps=%d of the "
                + "epoch are left out, with their time) and divides their samples by the window's time. In epoch "
                + "%d accelerator 0's window held %.0f of its %d samples but %.6f s of its %.6f s: %s. DLIO's "
                + "figure is kept for comparison with DLIO", dlio, dlio / wall, wall, facts.excludeStart(),
                facts.excludeEnd(), worst + 1, w.window().samples(), w.epochSamples(), w.window().seconds(),
                w.epochSeconds(), why);
    }

    /** The run began at {@code time} if that is earlier: a trial merging with an earlier one of the same run. */
    public void startedAt(String time) {
        if (time.compareTo(start) < 0) {
            start = time;
        }
    }

    public boolean potentialCaching() {
        return HostInfo.memoryGiB() > facts.dataSetGiB();
    }

    /** Records one epoch (one entry per accelerator) and returns its figures. */
    public EpochFigures add(List<AcceleratorEpoch> perAccelerator) {
        epochs.add(perAccelerator);
        double au = 0;
        double thr = 0;
        long bytes = 0;
        long samples = 0;
        double wall = 0;
        double evalAu = 0;
        double evalThr = 0;
        boolean evaluated = false;
        for (AcceleratorEpoch a : perAccelerator) {
            Utilization v = train.epoch(a.blocks);
            au += v.auPercent();
            thr += v.samplesPerSecond();
            bytes += a.trainBytesRead;
            samples += a.trainSamples;
            wall = Math.max(wall, a.trainSeconds);
            if (a.eval != null) {
                Utilization e = eval.eval(a.eval);
                evalAu += e.auPercent();
                evalThr += e.samplesPerSecond();
                evaluated = true;
            }
        }
        int n = perAccelerator.size();
        // across hosts, every rank's reads: each process's histograms travel whole and are merged
        Latency reads = Latency.merged(acrossRanks(perAccelerator.stream().map(a -> a.readLatency).toList()));
        epochReads.add(reads);
        Latency.Percentiles p = reads.percentiles();
        double evalSeconds = perAccelerator.stream().filter(a -> a.eval != null)
                .mapToDouble(a -> a.eval.wallSeconds()).max().orElse(0);
        double checkpointSeconds = checkpointSeconds(perAccelerator);
        if (cluster.distributed()) {
            // DLIO's reductions over every rank: AU averaged, samples/s and bytes summed, times the slowest's
            double[] sums = cluster.sum(new double[] {au, thr, bytes, samples, evalAu, evalThr, evaluated ? 1 : 0, n});
            double[] maxes = cluster.max(new double[] {wall, evalSeconds, checkpointSeconds});
            au = sums[0];
            thr = sums[1];
            bytes = (long) sums[2];
            samples = (long) sums[3];
            evalAu = sums[4];
            evalThr = sums[5];
            evaluated = sums[6] > 0;
            n = (int) sums[7];
            wall = maxes[0];
            evalSeconds = maxes[1];
            checkpointSeconds = maxes[2];
        }
        EpochFigures f = new EpochFigures(au / n, thr, wall > 0 ? samples / wall : 0,
                wall > 0 ? bytes / MIB / wall : 0, thr * facts.recordLengthBytes() / MIB, bytes, wall,
                evalAu / n, evalThr, evaluated, checkpointSeconds, evalSeconds, p.p50(), p.p90(),
                p.p99(), p.p999(), p.max());
        figures.add(f);
        AcceleratorEpoch first = perAccelerator.get(0);
        windows.add(new FirstWindow(train.window(first.blocks), first.trainSamples, first.trainSeconds));
        if (facts.training()) {
            logEpoch(figures.size(), perAccelerator.get(0), f);
        }
        return f;
    }

    /** The epoch's checkpoints, each as long as its slowest rank, added up. */
    private static double checkpointSeconds(List<AcceleratorEpoch> ranks) {
        double total = 0;
        for (boolean save : new boolean[] {true, false}) {
            for (int i = 0; ; i++) {
                double slowest = -1;
                for (AcceleratorEpoch r : ranks) {
                    CheckpointTiming t = r.checkpoints.stream().filter(c -> c.save() == save).skip(i).findFirst()
                            .orElse(null);
                    if (t != null) {
                        slowest = Math.max(slowest, t.seconds());
                    }
                }
                if (slowest < 0) {
                    break;
                }
                total += slowest;
            }
        }
        return total;
    }

    /** DLIO's per-epoch {@code [OUTPUT]} lines (rank 0's view, as DLIO logs), for dlio.log. */
    private void logEpoch(int epoch, AcceleratorEpoch rank0, EpochFigures f) {
        long steps = rank0.blocks.stream().mapToLong(Block::steps).sum();
        output(rank0.start, "Starting epoch " + epoch + ": " + steps + " steps expected");
        for (int b = 0; b < rank0.blocks.size(); b++) {
            Block blk = rank0.blocks.get(b);
            Utilization v = train.block(blk, b == rank0.blocks.size() - 1);
            output(blk.startTime(), "Starting block " + (b + 1));
            output(blk.endTime(), String.format(Locale.ROOT, "Ending block %d - %d steps completed in %.2f s",
                    b + 1, blk.steps(), blk.wallSeconds()));
            output(blk.endTime(), String.format(Locale.ROOT,
                    "Epoch %d - Block %d [Training] Accelerator Utilization [AU] (%%): %.4f", epoch, b + 1, v.auPercent()));
            output(blk.endTime(), String.format(Locale.ROOT,
                    "Epoch %d - Block %d [Training] Throughput (samples/second): %.4f", epoch, b + 1, v.samplesPerSecond()));
        }
        output(rank0.end, String.format(Locale.ROOT, "Ending epoch %d - %d steps completed in %.2f s; all "
                + "accelerators: AU %.4f %%, %.4f samples/s, %.4f MiB/s read", epoch, steps, rank0.trainSeconds,
                f.auPercent(), f.samplesPerSecond(), f.measuredMBps()));
        if (rank0.eval != null) {
            output(rank0.eval.endTime(), String.format(Locale.ROOT, "Ending eval - %d steps completed in %.2f s",
                    rank0.eval.steps(), rank0.eval.wallSeconds()));
            output(rank0.eval.endTime(), String.format(Locale.ROOT,
                    "Epoch %d [Eval] Accelerator Utilization [AU] (%%): %.4f", epoch, f.evalAuPercent()));
            output(rank0.eval.endTime(), String.format(Locale.ROOT,
                    "Epoch %d [Eval] Throughput (samples/second): %.4f", epoch, f.evalSamplesPerSecond()));
        }
    }

    private void output(String time, String message) {
        log.add("[OUTPUT] " + time + " " + message);
    }

    public List<EpochFigures> figures() {
        return List.copyOf(figures);
    }

    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("start", start);
        s.put("num_accelerators", facts.accelerators());
        List<HostFacts> hosts = hosts();
        s.put("num_hosts", hosts.stream().map(HostFacts::name).distinct().count());
        s.put("hostname", HostInfo.hostname());
        Map<String, Object> metric = new LinkedHashMap<>();
        checkpointMetrics(metric);
        if (facts.training() && !figures.isEmpty()) {
            double[] au = column(f -> f.auPercent());
            double[] thr = column(f -> f.samplesPerSecond());
            phase(metric, "train", au, thr);
            if (figures.stream().anyMatch(EpochFigures::evaluated)) {
                phase(metric, "eval", figures.stream().filter(EpochFigures::evaluated)
                        .mapToDouble(EpochFigures::evalAuPercent).toArray(),
                        figures.stream().filter(EpochFigures::evaluated)
                        .mapToDouble(EpochFigures::evalSamplesPerSecond).toArray());
            }
        }
        s.put("metric", metric);
        s.put("num_files_train", facts.numFilesTrain());
        s.put("num_files_eval", facts.numFilesEval());
        s.put("num_samples_per_file", facts.samplesPerFile());
        s.put("host_cpu_count", hosts.stream().map(HostFacts::cpus).toList());
        s.put("host_processor_name", "");
        s.put("potential_caching", hosts.stream().map(h -> h.potentialCaching() ? 1 : 0).toList());
        s.put("host_cpuinfo", HostInfo.cpuinfo());
        s.put("host_meminfo", HostInfo.meminfo());
        s.put("host_memory_GB", hosts.stream().map(HostFacts::memoryGiB).toList());
        s.put("data_size_per_host_GB", facts.dataSetGiB());
        s.put("epochs", facts.training() ? figures.size() : 0);
        s.put("end", Timestamps.now());
        Map<String, Object> j = new LinkedHashMap<>();
        j.put("train_bytes_read", figures.stream().map(EpochFigures::bytesRead).toList());
        j.put("train_seconds", column(EpochFigures::trainSeconds));
        j.put("train_io_measured_MB_per_second", column(EpochFigures::measuredMBps));
        j.put("train_wall_samples_per_second", column(EpochFigures::wallSamplesPerSecond));
        j.put("cache_suspect", cacheSuspect != null);
        for (boolean save : new boolean[] {true, false}) {
            List<RanksCheckpoint> cps = checkpointsAcrossRanks(save);
            if (!cps.isEmpty()) {
                String kind = save ? "save" : "load";
                // MLPerf Storage's rule: a checkpoint takes as long as its slowest rank
                j.put(kind + "_checkpoint_max_duration_seconds", cps.stream().mapToDouble(RanksCheckpoint::slowestSeconds).toArray());
                j.put(kind + "_checkpoint_min_throughput_GB_per_second",
                        cps.stream().mapToDouble(c -> facts.checkpointGiB() / c.slowestSeconds()).toArray());
                j.put(kind + "_checkpoint_bytes", cps.stream().map(RanksCheckpoint::bytes).toList());
                j.put(kind + "_checkpoint_measured_GB_per_second",
                        cps.stream().mapToDouble(c -> c.bytes() / (double) (1L << 30) / c.slowestSeconds()).toArray());
            }
        }
        if (storageRetries != null) {
            j.put("storage_retries", storageRetries);
        }
        latencies(j);
        j.put("notes", notes());
        s.put("jdlio", j);
        s.put("verdicts", verdicts().stream().map(Verdict::json).toList());
        return s;
    }

    /** What DLIO's summary lists per host (per process: one per host as MPI runs are launched). */
    private record HostFacts(String name, int cpus, double memoryGiB, boolean potentialCaching) {
    }

    /** Every process's host facts, in rank order (one entry when the run is on one host). */
    private List<HostFacts> hosts() {
        String mine = HostInfo.hostname() + "\t" + HostInfo.cpuCount() + "\t" + HostInfo.memoryGiB() + "\t"
                + potentialCaching();
        List<HostFacts> out = new ArrayList<>();
        for (byte[] b : cluster.allGather(mine.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            String[] f = new String(b, java.nio.charset.StandardCharsets.UTF_8).split("\t");
            out.add(new HostFacts(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Boolean.parseBoolean(f[3])));
        }
        return out;
    }

    /**
     * Latency histograms of every rank, in rank order: this process's {@code local} ones, and under MPI those of
     * every process (each travels whole, HdrHistogram's encoding), so percentiles cover all accelerators.
     */
    private List<Latency> acrossRanks(List<Latency> local) {
        if (!cluster.distributed()) {
            return local;
        }
        StringBuilder mine = new StringBuilder();
        for (Latency l : local) {
            mine.append(l.encoded()).append('\n');
        }
        List<Latency> all = new ArrayList<>();
        for (byte[] b : cluster.allGather(mine.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line : new String(b, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    all.add(Latency.decode(line));
                }
            }
        }
        return all;
    }

    /**
     * Latency percentiles in milliseconds, with each histogram whole (HdrHistogram's base64 encoding) for the report:
     * training sample reads per epoch, over the run and per rank; checkpoint files saved and loaded over the run and
     * per rank.
     */
    private void latencies(Map<String, Object> j) {
        if (facts.training() && !epochReads.isEmpty()) {
            Map<String, Object> reads = new LinkedHashMap<>();
            reads.put("epochs", epochReads.stream().map(Latency::json).toList());
            reads.put("overall", Latency.merged(epochReads).json());
            List<Latency> local = new ArrayList<>();
            for (int r = 0; r < epochs.get(0).size(); r++) {
                final int rank = r;
                local.add(Latency.merged(epochs.stream().map(e -> e.get(rank).readLatency).toList()));
            }
            reads.put("ranks", acrossRanks(local).stream().map(l -> l.percentiles().json()).toList());
            j.put("read_latency_ms", reads);
        }
        for (boolean save : new boolean[] {true, false}) {
            List<Latency> local = new ArrayList<>();
            for (int r = 0; r < (epochs.isEmpty() ? 0 : epochs.get(0).size()); r++) {
                Latency l = new Latency();
                for (List<AcceleratorEpoch> epoch : epochs) {
                    for (CheckpointTiming t : epoch.get(r).checkpoints) {
                        if (t.save() == save) {
                            l.add(t.files());
                        }
                    }
                }
                local.add(l);
            }
            List<Latency> perRank = acrossRanks(local);
            Latency all = Latency.merged(perRank);
            if (all.count() > 0) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("overall", all.json());
                m.put("ranks", perRank.stream().map(l -> l.percentiles().json()).toList());
                j.put((save ? "checkpoint_save" : "checkpoint_load") + "_file_latency_ms", m);
            }
        }
    }

    /** MLPerf Storage's rules judged on this run, each with the figures behind it. */
    public List<Verdict> verdicts() {
        List<RanksCheckpoint> saves = checkpointsAcrossRanks(true);
        List<RanksCheckpoint> loads = checkpointsAcrossRanks(false);
        double au = facts.training() && !figures.isEmpty() ? Spread.of(column(EpochFigures::auPercent)).mean()
                : Double.NaN;
        long checkpointBytes = saves.isEmpty() ? (loads.isEmpty() ? 0 : loads.get(0).bytes()) : saves.get(0).bytes();
        return Verdict.judge(facts, HostInfo.memoryGiB(), au, checkpointBytes, !loads.isEmpty(),
                cacheSuspect == null);
    }

    /** DLIO's checkpoint summary: rank 0's durations and size / duration, then the reported size. */
    private void checkpointMetrics(Map<String, Object> m) {
        boolean any = false;
        for (boolean save : new boolean[] {true, false}) {
            List<CheckpointTiming> own = new ArrayList<>();
            for (List<AcceleratorEpoch> epoch : epochs) {
                for (CheckpointTiming t : epoch.get(0).checkpoints) {
                    if (t.save() == save) {
                        own.add(t);
                    }
                }
            }
            if (own.isEmpty()) {
                continue;
            }
            any = true;
            String kind = save ? "save" : "load";
            Spread d = Spread.of(own.stream().mapToDouble(CheckpointTiming::seconds).toArray());
            Spread t = Spread.of(own.stream()
                    .mapToDouble(c -> facts.checkpointGiB() / c.seconds()).toArray());
            m.put(kind + "_checkpoint_io_mean_GB_per_second", t.mean());
            m.put(kind + "_checkpoint_io_stdev_GB_per_second", t.stdev());
            m.put(kind + "_checkpoint_duration_mean_seconds", d.mean());
            m.put(kind + "_checkpoint_duration_stdev_seconds", d.stdev());
        }
        if (any) {
            m.put("checkpoint_size_GB", facts.checkpointGiB());
        }
    }

    /** One checkpoint over all ranks: its slowest rank's seconds and the bytes every rank moved. */
    private record RanksCheckpoint(double slowestSeconds, long bytes) {
    }

    /** Every save (or load) in order, over all ranks. */
    private List<RanksCheckpoint> checkpointsAcrossRanks(boolean save) {
        List<RanksCheckpoint> out = new ArrayList<>();
        for (List<AcceleratorEpoch> epoch : epochs) {
            int count = (int) epoch.get(0).checkpoints.stream().filter(c -> c.save() == save).count();
            for (int i = 0; i < count; i++) {
                double max = 0;
                long bytes = 0;
                for (AcceleratorEpoch rank : epoch) {
                    CheckpointTiming t = rank.checkpoints.stream().filter(c -> c.save() == save).skip(i)
                            .findFirst().orElse(null);
                    if (t != null) {
                        max = Math.max(max, t.seconds());
                        bytes += t.bytes();
                    }
                }
                out.add(new RanksCheckpoint(max, bytes));
            }
        }
        if (cluster.distributed()) {
            // rank 0 may hold more (an earlier trial's, merged from its folder): the others count theirs as zero
            int count = (int) cluster.max(new double[] {out.size()})[0];
            double[] max = new double[count];
            double[] bytes = new double[count];
            for (int i = 0; i < out.size(); i++) {
                max[i] = out.get(i).slowestSeconds();
                bytes[i] = out.get(i).bytes();
            }
            max = cluster.max(max);
            bytes = cluster.sum(bytes);
            out.clear();
            for (int i = 0; i < count; i++) {
                out.add(new RanksCheckpoint(max[i], (long) bytes[i]));
            }
        }
        return out;
    }

    private double[] column(java.util.function.ToDoubleFunction<EpochFigures> f) {
        return figures.stream().mapToDouble(f).toArray();
    }

    private void phase(Map<String, Object> m, String prefix, double[] au, double[] thr) {
        Spread a = Spread.of(au);
        Spread t = Spread.of(thr);
        m.put(prefix + "_au_percentage", au);
        m.put(prefix + "_au_mean_percentage", a.mean());
        m.put(prefix + "_au_meet_expectation", a.mean() >= 100 * facts.auTarget() ? "success" : "fail");
        m.put(prefix + "_au_stdev_percentage", a.stdev());
        m.put(prefix + "_throughput_samples_per_second", thr);
        m.put(prefix + "_throughput_mean_samples_per_second", t.mean());
        m.put(prefix + "_throughput_stdev_samples_per_second", t.stdev());
        m.put(prefix + "_io_mean_MB_per_second", t.mean() * facts.recordLengthBytes() / MIB);
        m.put(prefix + "_io_stdev_MB_per_second", t.stdev() * facts.recordLengthBytes() / MIB);
    }

    /** The per-rank {@code <rank>_output.json} content. */
    public Map<String, Object> rankOutput(int rank) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("host_memory_GB", HostInfo.memoryGiB());
        o.put("host_cpu_count", HostInfo.cpuCount());
        o.put("host_processor_name", "");
        o.put("potential_caching", potentialCaching() ? 1 : 0);
        o.put("host_cpuinfo", HostInfo.cpuinfo());
        o.put("host_meminfo", HostInfo.meminfo());
        for (int e = 0; e < epochs.size(); e++) {
            AcceleratorEpoch a = epochs.get(e).get(rank);
            Map<String, Object> load = new LinkedHashMap<>();
            Map<String, Object> proc = new LinkedHashMap<>();
            Map<String, Object> throughput = new LinkedHashMap<>();
            Map<String, Object> au = new LinkedHashMap<>();
            Map<String, Object> compute = new LinkedHashMap<>();
            for (int b = 0; b < a.blocks.size(); b++) {
                Block blk = a.blocks.get(b);
                String key = "block" + (b + 1);
                Utilization v = train.block(blk, b == a.blocks.size() - 1);
                load.put(key, blk.load.toArray());
                proc.put(key, blk.proc.toArray());
                compute.put(key, blk.compute.toArray());
                throughput.put(key, v.samplesPerSecond());
                au.put(key, v.auPercent());
            }
            if (a.eval != null) {
                Utilization v = eval.eval(a.eval);
                load.put("eval", a.eval.load.toArray());
                proc.put("eval", a.eval.proc.toArray());
                compute.put("eval", a.eval.compute.toArray());
                throughput.put("eval", v.samplesPerSecond());
                au.put("eval", v.auPercent());
            }
            Map<String, Object> epoch = new LinkedHashMap<>();
            if (!facts.training()) {
                epoch.put("start", a.start);
            }
            epoch.put("load", load);
            epoch.put("proc", proc);
            epoch.put("throughput", throughput);
            epoch.put("au", au);
            epoch.put("compute", compute);
            if (facts.training()) {
                epoch.put("host_meminfo", a.meminfo);
            }
            epoch.put("end", a.end);
            o.put(String.valueOf(e + 1), epoch);
        }
        o.put("hostname", HostInfo.hostname());
        return o;
    }

    /** The per-rank {@code <rank>_per_epoch_stats.json} content. */
    public Map<String, Object> rankEpochStats(int rank) {
        Map<String, Object> o = new LinkedHashMap<>();
        for (int e = 0; e < epochs.size(); e++) {
            AcceleratorEpoch a = epochs.get(e).get(rank);
            Map<String, Object> epoch = new LinkedHashMap<>();
            epoch.put("start", a.start);
            for (int b = 0; b < a.blocks.size(); b++) {
                epoch.put("block" + (b + 1), span(a.blocks.get(b)));
                for (CheckpointTiming c : a.checkpoints) {
                    if (c.save() && c.index() == b + 1 && b + 1 < a.blocks.size()) {
                        epoch.put("save_ckpt" + c.index(), checkpoint(c));
                    }
                }
            }
            for (CheckpointTiming c : a.checkpoints) {
                String key = (c.save() ? "save_ckpt" : "load_ckpt") + c.index();
                if (!epoch.containsKey(key)) {
                    epoch.put(key, checkpoint(c));
                }
            }
            epoch.put("end", a.end);
            if (facts.training()) {
                epoch.put("duration", String.format(Locale.ROOT, "%.2f", a.trainSeconds));
            }
            if (a.eval != null) {
                epoch.put("eval", span(a.eval));
            }
            o.put(String.valueOf(e + 1), epoch);
        }
        return o;
    }

    private Map<String, Object> checkpoint(CheckpointTiming c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", c.start());
        m.put("end", c.end());
        m.put("duration", c.seconds());
        m.put("throughput", facts.checkpointGiB() / c.seconds());
        return m;
    }

    private static Map<String, Object> span(Block b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", b.startTime());
        m.put("end", b.endTime());
        m.put("duration", String.format(Locale.ROOT, "%.2f", b.wallSeconds()));
        return m;
    }

    /**
     * Every DLIO output file for the epochs recorded so far, name to content, in the order they are to be
     * written: the per-rank statistics, the resolved config and overrides as MLPerf submissions carry them,
     * the log under {@code logFile}, and {@code summary.json} last, so a summary is never newer than its parts.
     */
    public Map<String, String> files(String logFile, String resolvedConfigYaml, String overridesYaml) {
        Map<String, String> out = new LinkedHashMap<>();
        int local = epochs.isEmpty() ? facts.accelerators() : epochs.get(0).size();
        for (int r = 0; r < local; r++) {
            out.put((firstRank + r) + "_output.json", Json.write(rankOutput(r)));
            out.put((firstRank + r) + "_per_epoch_stats.json", Json.write(rankEpochStats(r)));
        }
        if (cluster.distributed()) {
            // every host's storage retries, summed by cause (a host that does not know sends none)
            StringBuilder mine = new StringBuilder();
            if (storageRetries != null) {
                storageRetries.forEach((cause, n) -> mine.append(cause).append('=').append(n).append('\n'));
            }
            Map<String, Long> sum = null;
            for (byte[] b : cluster.allGather(mine.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line : new String(b, java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                    int eq = line.lastIndexOf('=');
                    if (eq > 0) {
                        sum = sum == null ? new LinkedHashMap<>() : sum;
                        sum.merge(line.substring(0, eq), Long.parseLong(line.substring(eq + 1)), Long::sum);
                    }
                }
            }
            storageRetries = sum;
            // every process's rank files reach rank 0, which writes the folder: one writer, one ledger, and a
            // complete set whether or not output.folder is shared between the hosts
            byte[][] all = cluster.allGather(RankFiles.encode(out));
            String summary = Json.write(summary());
            String log = logText();
            if (cluster.rank() != 0) {
                return new LinkedHashMap<>();
            }
            out = new LinkedHashMap<>();
            for (byte[] b : all) {
                out.putAll(RankFiles.decode(b));
            }
            out.put("config.yaml", resolvedConfigYaml);
            out.put("overrides.yaml", overridesYaml);
            out.put(logFile, log);
            out.put("summary.json", summary);
            return out;
        }
        out.put("config.yaml", resolvedConfigYaml);
        out.put("overrides.yaml", overridesYaml);
        out.put(logFile, logText());
        out.put("summary.json", Json.write(summary()));
        return out;
    }

    private String logText() {
        StringBuilder text = new StringBuilder();
        text.append("[OUTPUT] ").append(start).append(" Running jdlio ")
                .append(facts.training() ? "[Training]" : "[Checkpointing]").append(" with ")
                .append(facts.accelerators()).append(" accelerator(s)\n");
        for (String n : notes()) {
            text.append("[WARNING] ").append(n).append('\n');
        }
        if (!facts.training()) {
            checkpointLog(text);
        }
        for (String line : log) {
            text.append(line).append('\n');
        }
        text.append("[OUTPUT] Averaged metric over all steps/epochs\n").append(metricLines());
        return text.toString();
    }

    /** DLIO's checkpoint-only lines: every save, then every load, as rank 0 saw them. */
    private void checkpointLog(StringBuilder text) {
        text.append(String.format(Locale.ROOT, "[OUTPUT] %s Total checkpoint size: %.6f GB%n", start,
                facts.checkpointGiB()));
        List<CheckpointTiming> own = new ArrayList<>();
        for (List<AcceleratorEpoch> epoch : epochs) {
            own.addAll(epoch.get(0).checkpoints);
        }
        for (boolean save : new boolean[] {true, false}) {
            List<CheckpointTiming> kind = own.stream().filter(c -> c.save() == save).toList();
            if (kind.isEmpty()) {
                continue;
            }
            String phase = save ? "write" : "read";
            String verb = save ? "saving" : "loading";
            text.append("[OUTPUT] ").append(kind.get(0).start()).append(" Checkpointing ").append(phase)
                    .append(" started\n");
            for (CheckpointTiming c : kind) {
                text.append(String.format(Locale.ROOT,
                        "[OUTPUT] %s Starting %s checkpoint %d after total step %d for epoch 1%n", c.start(), verb,
                        c.index(), c.index()));
                text.append(String.format(Locale.ROOT,
                        "[OUTPUT] %s Finished %s checkpoint %d for epoch 1 in %.4f s; Throughput: %.4f GB/s%n",
                        c.end(), verb, c.index(), c.seconds(), facts.checkpointGiB() / c.seconds()));
            }
            text.append("[OUTPUT] ").append(kind.get(kind.size() - 1).end()).append(" Checkpointing ").append(phase)
                    .append(" finished\n");
        }
    }

    /** DLIO's Eval lines, as summary.json's eval_* figures and with DLIO's six decimals. */
    private void evalLines(StringBuilder sb) {
        Spread au = Spread.of(figures.stream().filter(EpochFigures::evaluated)
                .mapToDouble(EpochFigures::evalAuPercent).toArray());
        Spread thr = Spread.of(figures.stream().filter(EpochFigures::evaluated)
                .mapToDouble(EpochFigures::evalSamplesPerSecond).toArray());
        sb.append(String.format(Locale.ROOT, "[METRIC] Eval Accelerator Utilization [AU] (%%): %.4f (%.4f)%n",
                au.mean(), au.stdev()));
        sb.append(String.format(Locale.ROOT, "[METRIC] Eval Throughput (samples/second): %.6f (%.6f)%n",
                thr.mean(), thr.stdev()));
        sb.append(String.format(Locale.ROOT, "[METRIC] Eval Throughput (MB/second): %.6f (%.6f)%n",
                thr.mean() * facts.recordLengthBytes() / MIB, thr.stdev() * facts.recordLengthBytes() / MIB));
        sb.append("[METRIC] eval_au_meet_expectation: ")
                .append(au.mean() >= 100 * facts.auTarget() ? "success" : "fail").append('\n');
    }

    /** DLIO's closing {@code [METRIC]} block, plus jdlio's measured-bytes line. */
    public String metricLines() {
        StringBuilder sb = new StringBuilder();
        sb.append("[METRIC] ==========================================================\n");
        sb.append("[METRIC] Number of Simulated Accelerators: ").append(facts.accelerators()).append('\n');
        Map<String, Object> cm = new LinkedHashMap<>();
        checkpointMetrics(cm);
        for (String kind : List.of("save", "load")) {
            // reduced over every process whichever it prints: rank 0 may hold figures the others do not
            List<RanksCheckpoint> across = checkpointsAcrossRanks(kind.equals("save"));
            if (cm.containsKey(kind + "_checkpoint_duration_mean_seconds")) {
                String verb = kind.equals("save") ? "Save" : "Load";
                sb.append(String.format(Locale.ROOT, "[METRIC] Checkpoint %s duration (seconds): %.4f (%.4f)%n", verb,
                        cm.get(kind + "_checkpoint_duration_mean_seconds"),
                        cm.get(kind + "_checkpoint_duration_stdev_seconds")));
                sb.append(String.format(Locale.ROOT, "[METRIC] Checkpoint %s I/O Throughput (GB/second): %.4f (%.4f)%n",
                        verb, cm.get(kind + "_checkpoint_io_mean_GB_per_second"),
                        cm.get(kind + "_checkpoint_io_stdev_GB_per_second")));
                double[] slowest = across.stream()
                        .mapToDouble(c -> facts.checkpointGiB() / c.slowestSeconds()).toArray();
                Spread mt = Spread.of(slowest);
                sb.append(String.format(Locale.ROOT,
                        "[METRIC] Checkpoint %s throughput, slowest rank (GB/second): %.4f (%.4f)%n", verb, mt.mean(), mt.stdev()));
            }
        }
        if (facts.training() && !figures.isEmpty()) {
            Spread au = Spread.of(column(EpochFigures::auPercent));
            Spread thr = Spread.of(column(EpochFigures::samplesPerSecond));
            Spread io = Spread.of(column(EpochFigures::measuredMBps));
            sb.append(String.format(Locale.ROOT, "[METRIC] Training Accelerator Utilization [AU] (%%): %.4f (%.4f)%n",
                    au.mean(), au.stdev()));
            sb.append(String.format(Locale.ROOT, "[METRIC] Training Throughput (samples/second): %.4f (%.4f)%n",
                    thr.mean(), thr.stdev()));
            sb.append(String.format(Locale.ROOT, "[METRIC] Training I/O Throughput (MB/second): %.4f (%.4f)%n",
                    thr.mean() * facts.recordLengthBytes() / MIB, thr.stdev() * facts.recordLengthBytes() / MIB));
            sb.append(String.format(Locale.ROOT,
                    "[METRIC] Training I/O Throughput, bytes read (MB/second): %.4f (%.4f)%n", io.mean(), io.stdev()));
            sb.append("[METRIC] train_au_meet_expectation: ")
                    .append(au.mean() >= 100 * facts.auTarget() ? "success" : "fail").append('\n');
            if (figures.stream().anyMatch(EpochFigures::evaluated)) {
                evalLines(sb);
            }
        }
        long retried = storageRetries == null ? 0 : storageRetries.getOrDefault("total", 0L);
        if (retried > 0) {
            StringBuilder causes = new StringBuilder();
            storageRetries.forEach((cause, n) -> {
                if (!cause.equals("total") && n > 0) {
                    causes.append(causes.length() == 0 ? "" : ", ").append(cause).append(' ').append(n);
                }
            });
            sb.append("[METRIC] Storage requests retried: ").append(retried).append(" (").append(causes).append(")\n");
        }
        for (String n : notes()) {
            sb.append("[WARNING] ").append(n).append('\n');
        }
        sb.append("[METRIC] ==========================================================\n");
        return sb.toString();
    }
}
