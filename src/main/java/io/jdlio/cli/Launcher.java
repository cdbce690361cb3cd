package io.jdlio.cli;

import io.jdlio.config.ConfigException;
import io.jdlio.config.Overrides;
import io.jdlio.config.SecretOverrides;
import io.jdlio.config.Workload;
import io.jdlio.workload.EndOfRun;
import io.jdlio.workload.GeneratedDatasets;
import io.jdlio.workload.LiveProgress;
import io.jdlio.workload.Outputs;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadException;
import io.jdlio.workload.WorkloadRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The jar's entry point, a thin layer in front of JMH. It adds the verbs {@code validate} and
 * {@code generate}; for {@code -p config=...} it checks the config and prepares the dataset before any fork
 * starts (so a bad YAML or a full disk is one clear line, not a fork's stack trace), picks the workload
 * benchmark the config's workflow asks for when no pattern is given, enables jdlio's secondary metrics, and
 * measures train.epochs epochs unless -i says otherwise. Every other argument goes to JMH unchanged.
 */
public final class Launcher {
    /** Set once a signal ends the launcher: what fails after it is the stop's doing, not the benchmark's. */
    private static volatile boolean stopping;

    static final String PROFILER = "io.jdlio.bench.workload.EpochMetricsProfiler";
    private static final Set<String> JMH_FLAGS = Set.of("-h", "-l", "-lp", "-lprof", "-lrf", "-help");
    /** How long a stopped launcher waits for its forks to clean up before killing them. */
    private static final long FORK_STOP_NANOS = 15_000_000_000L;
    /** Set when {@link #run} has returned: a shutdown after it is the JVM's normal end. */
    private static volatile boolean done;
    /** Set while the generate verb runs in this JVM. */
    private static volatile boolean generating;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        MpiLaunch.ownLock();
        Runtime.getRuntime().addShutdownHook(new Thread(Launcher::stopForks, "jdlio-stop-forks"));
        int code = run(args, System.out, System.err);
        done = true;
        if (code == 0) {
            MpiLaunch.finish();
        }
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        Path results = null;
        try {
            if (args.length > 0 && (args[0].equals("validate") || args[0].equals("generate")
                    || args[0].equals("report"))) {
                List<String> rest = List.of(args).subList(1, args.length);
                if (rest.stream().anyMatch(Usage::isHelp)) {
                    Usage.verb(args[0], out);
                    return 0;
                }
                generating = args[0].equals("generate");
                return args[0].equals("validate") ? ValidateCommand.run(rest, out)
                        : args[0].equals("report") ? ReportCommand.run(rest, out) : GenerateCommand.run(rest, out);
            }
            if (args.length > 0 && args[0].equals("flamegraph")) {
                List<String> rest = List.of(args).subList(1, args.length);
                if (rest.isEmpty() || rest.stream().anyMatch(Usage::isHelp)) {
                    Usage.verb(args[0], out);
                    return 0;
                }
                return FlameGraphCommand.run(rest, out);
            }
            if (args.length > 0 && args[0].equals("sweep")) {
                List<String> rest = List.of(args).subList(1, args.length);
                if (rest.stream().anyMatch(Usage::isHelp)) {
                    Usage.verb(args[0], out);
                    return 0;
                }
                if (rest.isEmpty()) {
                    // nothing to sweep is a mistake, as for generate: the usage, on stderr, and a failing exit
                    Usage.verb(args[0], err);
                    return 2;
                }
                JmhRun.checkLock();
                return SweepCommand.run(rest, out, err);
            }
            if (Usage.asked(List.of(args)) || Arrays.stream(args).anyMatch(a -> a.equals("--help"))) {
                Usage.print(out);
                if (args.length == 0 || !(args[0].equals("-h") || args[0].equals("-help"))) {
                    return 0;
                }
                out.println();
                return JmhRun.run(new String[] {"-h"}, out, err);
            }
            if (Arrays.stream(args).noneMatch(JMH_FLAGS::contains)) {
                JmhRun.checkLock();
            }
            results = Files.createTempFile("jdlio-results", ".txt");
            // a launcher stopped by a signal removes it too
            results.toFile().deleteOnExit();
            System.setProperty(EndOfRun.PROPERTY, results.toString());
            String[] jmh = prepareJmh(args, out);
            try {
                return JmhRun.run(jmh, out, err);
            } finally {
                // after JMH's table, where a user looks for the results; when a later trial failed, the trials
                // done before it still show theirs, above the failure's line
                printResults(results, out, err);
            }
        } catch (ConfigException | WorkloadException | io.jdlio.storage.StorageFailureException e) {
            if (!stopping) {
                // under MPI the other hosts may be waiting for this one: the line names it, and every host ends
                MpiLaunch.failed(e.getMessage());
                err.println("jdlio: " + e.getMessage());
            }
            debug(e, err);
            return 2;
        } catch (java.io.IOException | RuntimeException e) {
            // a signal stops the forks under JMH, which then fails in its own words: the signal's line says it
            if (!stopping) {
                MpiLaunch.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
                err.println("jdlio: " + e.getClass().getSimpleName() + ": " + e.getMessage()
                        + " (set JDLIO_DEBUG=1 for the stack trace)");
            }
            debug(e, err);
            return 1;
        } finally {
            if (results != null) {
                System.clearProperty(EndOfRun.PROPERTY);
                Files.deleteIfExists(results);
            }
            String secrets = System.getProperty(SecretOverrides.PROPERTY);
            if (secrets != null) {
                System.clearProperty(SecretOverrides.PROPERTY);
                Files.deleteIfExists(Path.of(secrets));
            }
        }
    }

    /** The trials' results; a results file that cannot be read must not hide how the run ended. */
    private static void printResults(Path results, PrintStream out, PrintStream err) {
        try {
            EndOfRun.printCollected(results, out);
        } catch (java.io.IOException | RuntimeException e) {
            err.println("jdlio: cannot read the trials' results from " + results + ": " + e.getMessage()
                    + "; each trial's output folder has them");
        }
    }

    private static void debug(Exception e, PrintStream err) {
        if (debugging()) {
            e.printStackTrace(err);
        }
    }

    /** JDLIO_DEBUG set: stack traces are shown, the launcher's and the forks'. */
    static boolean debugging() {
        return System.getenv("JDLIO_DEBUG") != null;
    }

    /**
     * When the launcher is stopped (SIGTERM from timeout or a job scheduler, SIGINT), its JMH forks are
     * stopped too: JMH forwards no signal, and a fork left alone runs its trial to the end. Each fork gets
     * SIGTERM, so its own shutdown stops its work and removes its temporary files, and a few seconds to do
     * it before it is killed.
     */
    static void stopForks() {
        stopping = true;
        List<ProcessHandle> forks = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
        if (forks.isEmpty()) {
            if (!done && generating) {
                // the generate verb works in this JVM: its writers stop and remove their temporaries
                System.err.println("jdlio: stopped before the dataset was complete; the files finished so far are "
                        + "kept, and the next run generates the rest");
            }
            return;
        }
        forks.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + FORK_STOP_NANOS;
        for (ProcessHandle fork : forks) {
            try {
                fork.onExit().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                fork.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fork.destroyForcibly();
            }
        }
        // JMH's own lines about the lost fork come before this; the user should read what happened last
        System.err.println("jdlio: stopped before the run ended: " + forks.size() + " JMH fork(s) stopped, their "
                + "temporary files removed; the next run completes or removes what this one left half-done");
    }

    /** The JMH arguments, after checking configs and preparing datasets; see the class comment. */
    static String[] prepareJmh(String[] args, PrintStream out) throws java.io.IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        List<String> configs = new ArrayList<>();
        List<String> overrides = new ArrayList<>();
        List<String> accelerators = new ArrayList<>();
        boolean pattern = false;
        boolean iterations = false;
        boolean profiler = false;
        boolean failOnError = false;
        List<String> hydra = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            String t = a.get(i);
            if (Overrides.isOverride(t)) {
                // DLIO's own form on the command line; JMH would take it for a benchmark pattern
                hydra.add(a.remove(i--));
                continue;
            }
            if (!t.startsWith("-")) {
                pattern = true;
                continue;
            }
            if (JMH_FLAGS.contains(t)) {
                continue;
            }
            String value = i + 1 < a.size() ? a.get(i + 1) : "";
            switch (t) {
                case "-p":
                    int eq = value.indexOf('=');
                    String key = eq < 0 ? value : value.substring(0, eq);
                    List<String> values = eq < 0 ? List.of() : Arrays.asList(value.substring(eq + 1).split(","));
                    if (key.equals("config")) {
                        configs.addAll(values);
                    } else if (key.equals("overrides")) {
                        // JMH splits on ',', so each piece is one overrides value
                        overrides.addAll(values);
                    } else if (key.equals("accelerators")) {
                        accelerators.addAll(values);
                    }
                    break;
                case "-i":
                    iterations = true;
                    break;
                case "-prof":
                    profiler |= value.equals(PROFILER);
                    if (i + 1 < a.size()) {
                        a.set(i + 1, AsyncProfilerLibrary.withLibPath(value));
                    }
                    break;
                case "-foe":
                    failOnError = true;
                    break;
                default:
                    break;
            }
            i++;
        }
        if (overrides.isEmpty()) {
            overrides.add("");
        }
        if (!hydra.isEmpty()) {
            overrides = withOverrides(a, overrides, hydra);
        }
        if (accelerators.isEmpty()) {
            accelerators.add("1");
        }
        boolean train = false;
        boolean generate = false;
        boolean checkpoint = false;
        Integer epochs = null;
        for (String config : configs) {
            for (String o : overrides) {
                // parsed once here; the dataset check below reuses it (each fork parses once more, in its JVM)
                WorkloadRun run = WorkloadRun.load(config, o, 1);
                Workload w = run.workload();
                run.requireRunnable();
                for (String warning : w.notices().warnings()) {
                    out.println("[jdlio] warning: " + warning);
                }
                train |= w.workflow().train();
                generate |= w.workflow().generateOnly();
                checkpoint |= w.workflow().checkpointOnly();
                // measured iterations: DLIO's epochs for training, its write count for checkpoints
                int measured = w.workflow().checkpointOnly() ? w.checkpoint().numCheckpointsWrite() : w.train().epochs();
                epochs = epochs == null || epochs == measured ? Integer.valueOf(measured) : -1;
                if (w.workflow().checkpointOnly()) {
                    for (String n : accelerators) {
                        // fails here, not in a fork, when the accelerator count cannot hold the parallelism
                        WorkloadRun on = run.on(parseAccelerators(n));
                        on.checkpointPlan();
                        on.budget().require(w);
                    }
                }
                if (w.workflow().train()) {
                    for (String n : accelerators) {
                        WorkloadRun on = run.on(parseAccelerators(n));
                        on.trainingPlan(on.datasetPlan()).emptyAuWindow()
                                .ifPresent(m -> out.println("[jdlio] warning: " + m));
                        // before the session below allocates the loader buffers in this JVM
                        on.budget().require(w);
                        try (TrainingSession session = new TrainingSession(on)) {
                            out.println("[jdlio] " + config + ": checking the dataset in "
                                    + session.dataFolderWhere());
                            GeneratedDatasets.add(session.dataFolderWhere(), GenerateCommand.ensure(session, out));
                        }
                    }
                }
            }
        }
        if (!configs.isEmpty()) {
            if (!pattern) {
                if (train) {
                    a.add("io.jdlio.bench.workload.TrainingEpochBenchmark");
                }
                if (generate) {
                    a.add("io.jdlio.bench.workload.DataGenerationBenchmark");
                }
                if (checkpoint) {
                    a.add("io.jdlio.bench.workload.CheckpointBenchmark");
                }
            }
            if (!iterations && epochs != null && epochs > 0 && (train ^ checkpoint) && !generate) {
                a.addAll(List.of("-i", String.valueOf(epochs)));
            }
            if (!failOnError) {
                a.addAll(List.of("-foe", "true"));
            }
        }
        // harmless for benchmarks that publish nothing, so always on unless the user named it already
        if (!profiler && !a.contains("-l") && !a.contains("-h")) {
            a.addAll(List.of("-prof", PROFILER));
        }
        if (MpiLaunch.active() && !a.contains("-l") && !a.contains("-h")) {
            MpiLaunch.noForks(a);
        }
        if (!a.contains("-l") && !a.contains("-h")) {
            Path secrets = hideSecrets(a);
            if (secrets != null) {
                a.addAll(List.of("-jvmArgsPrepend", "-D" + SecretOverrides.PROPERTY + "=" + secrets));
            }
            // one run id for every fork: a checkpoint run's save and load trials write one output folder
            a.addAll(List.of("-jvmArgsPrepend", "-D" + Outputs.RUN_PROPERTY + "=" + Outputs.runId()));
            // a fork's output is never a terminal: it redraws one progress line only when the launcher's is one
            // (JMH gives the forks the launcher's own -D options after these, so java -Djdlio.progress=off wins)
            a.addAll(List.of("-jvmArgsPrepend", "-D" + LiveProgress.PROPERTY + "="
                    + (Terminal.attached() ? "terminal" : "lines")));
            // the dataset generated above, for the trials' summary.json
            java.util.Optional<java.nio.file.Path> generated = GeneratedDatasets.file();
            if (generated.isPresent()) {
                a.addAll(List.of("-jvmArgsPrepend", "-D" + GeneratedDatasets.PROPERTY + "=" + generated.get()));
            }
            if (EndOfRun.collected()) {
                // the forks leave their results for the launcher to print after JMH's table
                a.addAll(List.of("-jvmArgsPrepend", "-D" + EndOfRun.PROPERTY + "=" + System.getProperty(EndOfRun.PROPERTY)));
            }
        }
        return a.toArray(new String[0]);
    }

    /**
     * Replaces each credential in the {@code -p overrides=} arguments of {@code a} with a placeholder, so that
     * JMH's banner, result table and JSON never show it, and writes the real values to a file only this user can
     * read, which the forks (and this JVM, for -f 0) are told of and read before parsing; it is removed when the
     * launcher ends. Returns the file, or null when no override holds a credential.
     */
    static Path hideSecrets(List<String> a) throws java.io.IOException {
        SecretOverrides.Hidden hidden = new SecretOverrides.Hidden();
        for (int i = 0; i + 1 < a.size(); i++) {
            if (!a.get(i).equals("-p") || !a.get(i + 1).startsWith("overrides=")) {
                continue;
            }
            List<String> values = new ArrayList<>();
            for (String value : a.get(i + 1).substring("overrides=".length()).split(",", -1)) {
                List<String> parts = new ArrayList<>();
                for (String part : value.split(";", -1)) {
                    String o = Overrides.split(part).stream().findFirst().orElse(null);
                    parts.add(o != null && SecretOverrides.isSecret(o) ? Overrides.encode(hidden.hide(o)) : part);
                }
                values.add(String.join(";", parts));
            }
            a.set(i + 1, "overrides=" + String.join(",", values));
        }
        // a sweep prepares one JMH run per probe: the previous probe's forks have ended, so its file goes now
        String previous = System.getProperty(SecretOverrides.PROPERTY);
        if (previous != null) {
            System.clearProperty(SecretOverrides.PROPERTY);
            Files.deleteIfExists(Path.of(previous));
        }
        if (hidden.isEmpty()) {
            return null;
        }
        Path file = hidden.write();
        file.toFile().deleteOnExit();
        System.setProperty(SecretOverrides.PROPERTY, file.toString());
        return file;
    }

    /**
     * Replaces the {@code -p overrides=} arguments in {@code a} with one that adds the command line's Hydra
     * overrides to each value given (or to none), each encoded without ',' and ';' (JMH splits a -p value on
     * commas, so {@code [4096,16384]} cannot travel as it is); the forks decode them. Returns the new values.
     */
    static List<String> withOverrides(List<String> a, List<String> given, List<String> hydra) {
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals("-p") && a.get(i + 1).startsWith("overrides=")) {
                a.remove(i + 1);
                a.remove(i--);
            }
        }
        StringBuilder added = new StringBuilder();
        for (String h : hydra) {
            added.append(';').append(Overrides.encode(h));
        }
        List<String> joined = new ArrayList<>();
        for (String g : given) {
            joined.add(g.isEmpty() ? added.substring(1) : g + added);
        }
        a.addAll(List.of("-p", "overrides=" + String.join(",", joined)));
        return joined;
    }

    private static int parseAccelerators(String s) {
        try {
            int n = Integer.parseInt(s.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new ConfigException("-p accelerators=" + s + ": expected a whole number of at least 1");
    }
}
