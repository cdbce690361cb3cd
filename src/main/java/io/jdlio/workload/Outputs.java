package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.metrics.RunFacts;
import io.jdlio.storage.PendingTemporaries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Where a trial's DLIO outputs go, how they are written, and the workload facts its report repeats.
 *
 * <p>A launcher run hands its forks one run id (system property {@value #RUN_PROPERTY}); the trials of one run
 * with the same parameters can then find each other's folder, so a checkpoint run's save and load trials end
 * in one folder whose summary has both. Each file is written under a temporary name and renamed when whole,
 * {@code summary.json} last; the folder's {@link OutputLedger} says which files jdlio wrote, so files of an
 * earlier trial that this one does not rewrite (a rank that no longer exists) are removed, and nothing else.
 */
public final class Outputs {
    /** The system property that carries the launcher's run id into its forks. */
    public static final String RUN_PROPERTY = "jdlio.run";
    private static final String OWN_RUN = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss")
            .format(LocalDateTime.now()) + "-" + ProcessHandle.current().pid();

    private Outputs() {
    }

    /**
     * This process's run id: the launcher's when it passed one, else this JVM's own start and pid (so trials
     * run in one JVM, as with -f 0, still share a run).
     */
    public static String runId() {
        String r = System.getProperty(RUN_PROPERTY);
        return r == null || r.isBlank() ? OWN_RUN : r;
    }

    /** A trial's folder, and the ledger of an earlier trial there that it completes (null when none). */
    record Target(Path folder, OutputLedger merge) {
    }

    /**
     * Picks the folder: {@code output.folder}, or {@code output/<model>/<run id>} (then {@code -2}, {@code -3}...
     * when a trial with other parameters, or one that does not complete it, already wrote there). An earlier
     * trial's ledger that {@code completes} accepts is merged with.
     */
    static Target target(Workload w, String trial, Predicate<OutputLedger> completes) {
        String run = runId();
        Predicate<OutputLedger> same = l -> l.run().equals(run) && l.trial().equals(trial) && completes.test(l);
        if (w.output().folder() != null) {
            Path f = Path.of(w.output().folder());
            return new Target(f, OutputLedger.read(f).filter(same).orElse(null));
        }
        Path base = defaultParent(w).resolve(run);
        for (int n = 1; ; n++) {
            Path f = n == 1 ? base : base.resolveSibling(run + "-" + n);
            if (!Files.exists(f)) {
                return new Target(f, null);
            }
            OutputLedger l = OutputLedger.read(f).filter(same).orElse(null);
            if (l != null) {
                return new Target(f, l);
            }
        }
    }

    private static Path defaultParent(Workload w) {
        return Path.of("output", w.model().name());
    }

    /** The trial's parameters as its ledger records them: trials merge only with the same ones. */
    static String trial(Workload w, List<String> overrides, int accelerators) {
        return w.source() + " " + overrides + " accelerators=" + accelerators;
    }

    /**
     * Writes {@code files} (name to content, in order) into {@code folder} through temporary names, then
     * removes the files the folder's previous ledger names and this write does not, and records the new ledger.
     */
    static void write(Path folder, Map<String, String> files, OutputLedger ledger) throws IOException {
        requireFolder(folder, "output.folder");
        Files.createDirectories(folder);
        List<String> previous = OutputLedger.read(folder).map(OutputLedger::files).orElse(List.of());
        Set<String> both = new LinkedHashSet<>(previous);
        both.addAll(files.keySet());
        // the ledger covers the new names before they exist, so an interrupted write leaves nothing unaccounted
        writeAtomically(folder, OutputLedger.NAME, ledger.withFiles(new ArrayList<>(both)).json());
        for (Map.Entry<String, String> e : files.entrySet()) {
            writeAtomically(folder, e.getKey(), e.getValue());
        }
        for (String stale : previous) {
            Path p = folder.resolve(stale);
            if (!files.containsKey(stale) && Files.isRegularFile(p) && p.getParent().equals(folder)) {
                Files.delete(p);
            }
        }
        writeAtomically(folder, OutputLedger.NAME, ledger.withFiles(new ArrayList<>(files.keySet())).json());
    }

    private static void writeAtomically(Path folder, String name, String content) {
        Path file = folder.resolve(name);
        Path tmp = folder.resolve("." + name + ".jdlio-tmp");
        try {
            PendingTemporaries.register(tmp);
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the write's own failure is the one to report
            }
            throw new WorkloadException("writing DLIO output " + file + " failed: " + describe(e, "output.folder")
                    + "; the files already in " + folder + " are whole, and summary.json is not updated", e);
        } finally {
            PendingTemporaries.release(tmp);
        }
    }

    /** An I/O failure in a folder a key names: a full disk says which key to point elsewhere. */
    static String describe(Throwable e, String key) {
        String msg = e.getMessage();
        if (msg != null && msg.contains("No space left on device")) {
            return "the disk is full (No space left on device); free space or point " + key + " elsewhere";
        }
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    /**
     * Fails unless {@code folder} is a folder or can be made one: it is not a file, and the nearest part of
     * its path that exists is a writable folder. Nothing is created.
     */
    static void requireFolder(Path folder, String key) {
        Path p = folder.toAbsolutePath().normalize();
        if (Files.exists(p) && !Files.isDirectory(p)) {
            throw new WorkloadException(key + ": " + folder + " is a file, not a folder; point " + key
                    + " at a folder (or a path jdlio can create)");
        }
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return;
        }
        if (!Files.isDirectory(existing)) {
            throw new WorkloadException(key + ": " + folder + " cannot be created because " + existing
                    + " is a file; point " + key + " elsewhere");
        }
        if (!Files.isWritable(existing)) {
            throw new WorkloadException(key + ": " + folder + " cannot be written (" + existing
                    + " is not writable); point " + key + " at a folder you can write");
        }
    }

    /** Checks, before any work, that the trial's outputs can be written where they will go. */
    static void requireOutputFolder(Workload w) {
        requireFolder(w.output().folder() != null ? Path.of(w.output().folder()) : defaultParent(w), "output.folder");
    }

    static RunFacts facts(Workload w, int accelerators, double dataSetGiB, boolean training, double checkpointGiB) {
        return new RunFacts(w.model().name(), accelerators, w.dataset().numFilesTrain(), w.dataset().numFilesEval(),
                w.dataset().numSamplesPerFile(), w.dataset().recordLengthBytes(), w.metricAu(),
                w.reader().batchSize(), w.reader().batchSizeEval(), w.output().excludeStartSteps(),
                w.output().excludeEndSteps(), w.workflow().evaluation() && training, dataSetGiB, training,
                checkpointGiB);
    }
}
