package io.jdlio.cli;

import io.jdlio.config.ConfigException;
import io.jdlio.workload.WorkloadException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Defaults;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.ProfilersFailedException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;

/**
 * Runs JMH in the launcher's JVM as JMH's own Main does, but keeps control of how it ends: Main prints a
 * RunnerException's stack trace and calls System.exit, so a fork's failure reached the user as a page of
 * JMH frames. Here a jdlio failure in a fork comes back as the launcher's one line, as it would before any
 * fork, and JMH's lock held by another run is one line saying what to do.
 */
final class JmhRun {
    private JmhRun() {
    }

    /** Runs JMH with {@code args}; returns the exit code, or throws the jdlio failure a benchmark ended with. */
    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        return run(args, out, err, results -> { });
    }

    /** As {@link #run(String[], PrintStream, PrintStream)}, handing a finished run's results to {@code results}. */
    static int run(String[] args, PrintStream out, PrintStream err, Consumer<Collection<RunResult>> results)
            throws IOException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            err.println("jdlio: JMH options: " + e.getMessage() + " (see -h)");
            return 2;
        }
        PrintStream target = cmd.getOutput().hasValue() ? new PrintStream(cmd.getOutput().get()) : out;
        Runner runner = new Runner(cmd, new FailureOutput(
                OutputFormatFactory.createFormatInstance(target, cmd.verbosity().orElse(Defaults.VERBOSITY)),
                Launcher.debugging()));
        if (cmd.shouldHelp()) {
            cmd.showHelp();
        } else if (cmd.shouldList()) {
            runner.list();
        } else if (cmd.shouldListWithParams()) {
            runner.listWithParams(cmd);
        } else if (cmd.shouldListProfilers()) {
            cmd.listProfilers();
        } else if (cmd.shouldListResultFormats()) {
            cmd.listResultFormats();
        } else {
            try {
                results.accept(runner.run());
            } catch (NoBenchmarksException e) {
                err.println("jdlio: no benchmark matches the pattern given; list them with -l");
                return 1;
            } catch (ProfilersFailedException e) {
                err.println("jdlio: " + e.getMessage());
                return 1;
            } catch (RunnerException e) {
                throw failure(e);
            }
        }
        return 0;
    }

    /**
     * Fails at once, before any dataset is prepared, when another JMH run holds the lock JMH takes for the
     * whole run; JMH itself would find out only after the launcher's preparation. The lock is released here
     * and taken again by JMH, as JMH's {@code -Djmh.ignoreLock=true} skips both.
     */
    static void checkLock() {
        if (Boolean.getBoolean("jmh.ignoreLock")) {
            return;
        }
        java.io.File file = new java.io.File(lockPath());
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file, "rw");
             java.nio.channels.FileLock lock = raf.getChannel().tryLock()) {
            if (lock == null) {
                throw lockHeld(null);
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            throw lockHeld(null);
        } catch (IOException e) {
            // a lock that cannot be made here is JMH's to report, in its own words
        }
    }

    /** Where JMH keeps its lock: {@code java.io.tmpdir}, so a run with its own tmpdir has its own lock. */
    private static String lockPath() {
        return System.getProperty("java.io.tmpdir") + "/jmh.lock";
    }

    private static WorkloadException lockHeld(Throwable cause) {
        return new WorkloadException("another JMH run holds its lock " + lockPath() + ": wait for that run to end, "
                + "or run alongside it with java -Djmh.ignoreLock=true -jar ... (both runs' figures will then "
                + "disturb each other)", cause);
    }

    /** The user-facing failure behind JMH's: jdlio's own when a benchmark threw one, else a one-line summary. */
    static RuntimeException failure(RunnerException e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("Another JMH instance")) {
            return lockHeld(e);
        }
        if (message.contains("JMH lock")) {
            // e.g. /tmp/jmh.lock made by another user, and not writable by this one
            return new WorkloadException("JMH cannot take its lock " + lockPath() + " (" + innermost(e) + "): run "
                    + "with java -Djava.io.tmpdir=<a folder of yours> -jar ..., or -Djmh.ignoreLock=true", e);
        }
        RuntimeException own = ownFailure(e);
        if (own != null) {
            return own;
        }
        return new WorkloadException("the benchmark failed: " + innermost(e)
                + " (set JDLIO_DEBUG=1 for the stack trace)", e);
    }

    /** The first WorkloadException or ConfigException among the causes and suppressed exceptions. */
    private static RuntimeException ownFailure(Throwable root) {
        Deque<Throwable> todo = new ArrayDeque<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(root);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (t instanceof WorkloadException || t instanceof ConfigException) {
                return (RuntimeException) t;
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
            Collections.addAll(todo, t.getSuppressed());
        }
        return null;
    }

    /** The deepest cause's class and message: what went wrong, under JMH's wrappers (causes or suppressed). */
    private static String innermost(Throwable root) {
        Throwable t = root;
        for (int depth = 0; depth < 32; depth++) {
            Throwable next = t.getCause() != null && t.getCause() != t ? t.getCause()
                    : t.getSuppressed().length > 0 ? t.getSuppressed()[0] : null;
            if (next == null) {
                break;
            }
            t = next;
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
