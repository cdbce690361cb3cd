package io.jdlio.cli;

import io.jdlio.config.ConfigException;
import io.jdlio.config.Overrides;
import io.jdlio.config.Workload;
import io.jdlio.metrics.HostInfo;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.sweep.AcceleratorSearch;
import io.jdlio.sweep.Probe;
import io.jdlio.sweep.SweepReport;
import io.jdlio.workload.EndOfRun;
import io.jdlio.workload.Outputs;
import io.jdlio.workload.WorkloadException;
import io.jdlio.workload.WorkloadRun;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * {@code sweep}: the largest accelerator count whose training AU meets the workload's {@code metric.au}, the
 * figure an MLPerf Storage submission reports. Each probe is the main command's run (the launcher's preparation,
 * then JMH's TrainingEpochBenchmark in a fork) with {@code -p accelerators=N}, shortened to {@code --epochs}
 * measured epochs of at most {@code --steps} steps per accelerator (MLPerf's 500 by default), writing its DLIO
 * outputs into {@code <sweep folder>/accelerators-N}. The dataset depends on dataset.* only, not on the
 * accelerator count, so the first probe generates it and the others reuse it. sweep.json in the sweep folder is
 * rewritten after every probe, so an interrupted sweep keeps its evidence.
 */
final class SweepCommand {
    /** MLPerf Storage's minimum run: 500 steps per accelerator. */
    static final long MLPERF_STEPS = 500;
    static final int DEFAULT_MAX = 1024;
    static final String USAGE = "sweep -p config=<workload> [--max-accelerators N] [--epochs N] [--steps N] "
            + "[overrides...] [JMH options]";

    private SweepCommand() {
    }

    /** The command line, split into sweep's own options, the workload's and what goes to JMH unchanged. */
    record Args(String config, List<String> overrides, List<String> jmh, int max, boolean maxGiven, int epochs,
                long steps, boolean iterationsGiven) {

        static Args parse(List<String> args) {
            String config = null;
            List<String> overrides = new ArrayList<>();
            List<String> jmh = new ArrayList<>();
            int max = DEFAULT_MAX;
            boolean maxGiven = false;
            int epochs = 1;
            boolean epochsGiven = false;
            long steps = 0;
            boolean iterations = false;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                switch (a) {
                    case "--max-accelerators" -> {
                        max = (int) count(a, value, Integer.MAX_VALUE);
                        maxGiven = true;
                        i++;
                    }
                    case "--epochs" -> {
                        epochs = (int) count(a, value, 1_000_000);
                        epochsGiven = true;
                        i++;
                    }
                    case "--steps" -> {
                        steps = count(a, value, Long.MAX_VALUE);
                        i++;
                    }
                    case "-p" -> {
                        if (value == null) {
                            throw new ConfigException("sweep: -p needs key=value; usage: " + USAGE);
                        }
                        i++;
                        String key = value.contains("=") ? value.substring(0, value.indexOf('=')) : value;
                        String v = value.substring(key.length() + (value.contains("=") ? 1 : 0));
                        if (key.equals("config")) {
                            if (config != null || v.contains(",")) {
                                throw new ConfigException("sweep: -p config=" + v + ": a sweep searches one "
                                        + "workload; run one sweep per workload");
                            }
                            config = v;
                        } else if (key.equals("overrides")) {
                            if (v.contains(",")) {
                                throw new ConfigException("sweep: -p overrides=" + v + ": a sweep takes one set of "
                                        + "overrides (';' separates them)");
                            }
                            overrides.addAll(Overrides.split(v));
                        } else if (key.equals("accelerators")) {
                            throw new ConfigException("sweep: -p accelerators=" + v + ": the sweep chooses the "
                                    + "accelerator counts; bound them with --max-accelerators N");
                        } else {
                            jmh.addAll(List.of("-p", value));
                        }
                    }
                    default -> {
                        if (Overrides.isOverride(a)) {
                            overrides.add(a);
                        } else {
                            if (a.equals("-i")) {
                                iterations = true;
                            }
                            if (!a.startsWith("-")) {
                                throw new ConfigException("sweep: unexpected argument '" + a + "' (a benchmark "
                                        + "pattern? the sweep runs the training benchmark); usage: " + USAGE);
                            }
                            jmh.add(a);
                            // every JMH option a run takes has a value (-wi 0, -f 1, -jvmArgs ...)
                            if (value != null) {
                                jmh.add(value);
                                i++;
                            }
                        }
                    }
                }
            }
            if (config == null) {
                throw new ConfigException("sweep: no workload given; usage: " + USAGE);
            }
            if (iterations && epochsGiven) {
                throw new ConfigException("sweep: give --epochs or -i, not both (each sets a probe's measured epochs)");
            }
            return new Args(config, overrides, jmh, max, maxGiven, epochs, steps, iterations);
        }

        private static long count(String flag, String value, long limit) {
            try {
                long n = Long.parseLong(String.valueOf(value));
                if (n >= 1 && n <= limit) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // falls through
            }
            throw new ConfigException("sweep: " + flag + " " + value + ": expected a whole number from 1 to " + limit);
        }
    }

    static int run(List<String> argv, PrintStream out, PrintStream err) throws IOException {
        Args a = Args.parse(argv);
        WorkloadRun base = WorkloadRun.load(a.config(), withSteps(a.overrides(), 0), 1);
        Workload w = base.workload();
        base.requireRunnable();
        if (!w.workflow().train()) {
            throw new ConfigException(w.source() + ": workflow.train is False: a sweep searches the accelerator "
                    + "count a training workload sustains; set workflow.train: True");
        }
        long configured = WorkloadRun.load(a.config(), a.overrides(), 1).workload().train().totalTrainingSteps();
        long steps = a.steps() > 0 ? a.steps() : configured > 0 ? configured : MLPERF_STEPS;
        int minSteps = w.output().excludeStartSteps() + w.output().excludeEndSteps() + 1;
        int cap = largestFeasible(base, a.max(), minSteps);
        String limitedBy = cap < a.max()
                ? String.format(Locale.ROOT, "the dataset holds %d steps of reader.batch_size %d for at most %d "
                + "accelerators (AU leaves out output.exclude_start_steps and exclude_end_steps); raise "
                + "dataset.num_files_train to look further", minSteps, w.reader().batchSize(), cap)
                : a.maxGiven() ? "--max-accelerators " + a.max() + " bounds the search; raise it to look further"
                : "the search stops at " + a.max() + " accelerators; raise --max-accelerators to look further";
        SweepReport.DatasetSize size = new SweepReport.DatasetSize(
                (long) w.dataset().numFilesTrain() * w.dataset().numSamplesPerFile(), w.reader().batchSize(),
                w.dataset().recordLengthBytes(), HostInfo.memoryGiB());
        Path folder = folder(w);
        Files.createDirectories(folder);
        out.printf(Locale.ROOT, "[jdlio] sweep of %s: the largest accelerator count (1 to %d) whose AU meets %.2f%% "
                        + "(metric.au %s); each probe %s measured epoch(s) of at most %d steps per accelerator; "
                        + "results in %s%n", w.source(), cap, w.metricAu() * 100, w.metricAu(),
                a.iterationsGiven() ? "-i" : String.valueOf(a.epochs()), steps, folder.toAbsolutePath().normalize());
        Path sweepJson = folder.resolve("sweep.json");
        AcceleratorSearch.Outcome outcome = AcceleratorSearch.search(cap,
                n -> probe(a, base, n, steps, folder, out, err),
                probes -> write(sweepJson, new SweepReport(w.source(), w.model().name(), w.metricAu(), cap, limitedBy,
                        size, probes, null)));
        SweepReport report = new SweepReport(w.source(), w.model().name(), w.metricAu(), cap, limitedBy, size,
                outcome.probes(), outcome);
        write(sweepJson, report);
        out.println();
        out.printf(Locale.ROOT, "[jdlio] sweep of %s, AU threshold %.2f%%:%n", w.source(), report.thresholdPercent());
        for (String row : report.table()) {
            out.println("[jdlio] " + row);
        }
        out.println("[jdlio] " + report.answerLine());
        if (!report.datasetNote().isEmpty()) {
            out.println("[jdlio] " + report.datasetNote());
        }
        out.println("[jdlio] sweep results: " + sweepJson.toAbsolutePath().normalize());
        return 0;
    }

    /** {@code overrides} with train.total_training_steps set to {@code steps} (0: every step of the epoch). */
    private static List<String> withSteps(List<String> overrides, long steps) {
        List<String> o = new ArrayList<>(overrides);
        o.add("++workload.train.total_training_steps=" + steps);
        return o;
    }

    /**
     * The largest count up to {@code max} whose plan gives every accelerator {@code minSteps} steps and fits the
     * JVM (fewer steps leave AU nothing to measure). Both fall as the count grows, so a bisection finds it; a
     * workload that cannot run on one accelerator fails here with the plan's own message.
     */
    static int largestFeasible(WorkloadRun base, int max, int minSteps) {
        TrainingPlan one = base.trainingPlan(base.datasetPlan());
        if (one.train().stepsPerEpoch() < minSteps) {
            throw new ConfigException(base.workload().source() + ": one accelerator gets "
                    + one.train().stepsPerEpoch() + " training step(s) per epoch; AU needs at least " + minSteps
                    + " (output.exclude_start_steps + exclude_end_steps + 1): raise dataset.num_files_train");
        }
        base.budget().require(base.workload());
        int ok = 1;
        int bad = max + 1;
        while (bad - ok > 1) {
            int mid = (int) ((ok + (long) bad) / 2);
            if (feasible(base, mid, minSteps)) {
                ok = mid;
            } else {
                bad = mid;
            }
        }
        return ok;
    }

    private static boolean feasible(WorkloadRun base, int n, int minSteps) {
        try {
            WorkloadRun on = base.on(n);
            if (on.trainingPlan(on.datasetPlan()).train().stepsPerEpoch() < minSteps) {
                return false;
            }
            on.budget().require(on.workload());
            return true;
        } catch (ConfigException | WorkloadException e) {
            return false;
        }
    }

    /** Where the sweep writes: output.folder when the workload names one, else output/<model>/<run id>. */
    private static Path folder(Workload w) {
        return w.output().folder() != null ? Path.of(w.output().folder())
                : Path.of("output", w.model().name(), Outputs.runId());
    }

    /** One probe: the main command's preparation and JMH run on {@code n} accelerators, its AU read back. */
    private static Probe probe(Args a, WorkloadRun base, int n, long steps, Path folder, PrintStream out,
                               PrintStream err) throws IOException {
        long stepsHere = Math.min(steps, base.on(n).trainingPlan(base.datasetPlan()).train().stepsPerEpoch());
        Path output = folder.resolve("accelerators-" + n);
        List<String> args = new ArrayList<>(a.jmh());
        args.addAll(List.of("-p", "config=" + a.config(), "-p", "accelerators=" + n));
        args.addAll(a.overrides());
        args.add("++workload.train.total_training_steps=" + stepsHere);
        args.add("++workload.output.folder=" + output.toAbsolutePath().normalize());
        if (!a.iterationsGiven()) {
            args.add("++workload.train.epochs=" + a.epochs());
        }
        out.printf(Locale.ROOT, "%n[jdlio] sweep: probing %d accelerator(s), %d steps each per epoch%n", n, stepsHere);
        // the trials' results go to a file of the probe's own, so no [METRIC] block lands between JMH's lines;
        // the sweep's table says it all, and each probe's folder has its DLIO files
        Path results = Files.createTempFile("jdlio-sweep", ".txt");
        AtomicReference<Collection<RunResult>> runs = new AtomicReference<>();
        int code;
        try {
            System.setProperty(EndOfRun.PROPERTY, results.toString());
            String[] jmh = Launcher.prepareJmh(args.toArray(new String[0]), out);
            code = JmhRun.run(jmh, out, err, runs::set);
        } finally {
            System.clearProperty(EndOfRun.PROPERTY);
            Files.deleteIfExists(results);
        }
        if (code != 0 || runs.get() == null || runs.get().isEmpty()) {
            throw new WorkloadException("sweep: the probe on " + n + " accelerator(s) ended without a result"
                    + (code != 0 ? " (exit code " + code + ", above)" : "") + "; the probes so far are in "
                    + folder.resolve("sweep.json"));
        }
        RunResult r = runs.get().iterator().next();
        double au = secondary(r, "au_percent", n);
        double sps = secondary(r, "samples_per_second", n);
        boolean passed = au >= base.workload().metricAu() * 100;
        Probe p = new Probe(n, au, sps, passed, stepsHere, r.getParams().getMeasurement().getCount(),
                folder.relativize(output).toString());
        out.printf(Locale.ROOT, "[jdlio] sweep: %d accelerator(s): AU %.2f%% %s %.2f%%, %.1f samples/s: %s%n", n, au,
                passed ? ">=" : "<", base.workload().metricAu() * 100, sps, passed ? "pass" : "FAIL");
        return p;
    }

    private static double secondary(RunResult r, String name, int n) {
        Result<?> x = r.getSecondaryResults().get(name);
        if (x == null) {
            throw new WorkloadException("sweep: the probe on " + n + " accelerator(s) published no " + name
                    + " (was -prof " + Launcher.PROFILER + " left out?)");
        }
        return x.getScore();
    }

    private static void write(Path file, SweepReport report) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".jdlio-tmp");
        Files.writeString(tmp, report.json(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
