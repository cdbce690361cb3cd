package io.jdlio.bench.workload;

import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.metrics.EpochFigures;
import io.jdlio.workload.EndOfRun;
import io.jdlio.workload.Generation;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A DLIO workload as JMH state. The trial setup resolves, validates and plans the YAML and makes sure the
 * dataset exists (generated once and reused while the manifest matches), so every timed invocation is an
 * epoch's training steps and nothing else. What DLIO does after the steps, the epoch checkpoint and then
 * evaluation, runs in the iteration teardown, in that order, and is reported as its own figures.
 */
@State(Scope.Benchmark)
public class WorkloadState extends WorkloadParams {
    private TrainingSession session;
    private boolean measured;
    /** The storages' retried requests at the end of the last epoch, so each epoch reports its own. */
    private long retriedBefore;

    @Setup(Level.Trial)
    public void setUpTrial(BenchmarkParams params) throws IOException {
        setUpTrial();
        // for the progress line: which epoch of how many, and the time left in the trial
        session.expectEpochs(params.getWarmup().getCount(), params.getMeasurement().getCount());
    }

    /** The trial's setup without JMH's parameters (tests drive the state directly). */
    public void setUpTrial() throws IOException {
        WorkloadRun run = WorkloadRun.load(config, overrides, accelerators);
        try {
            session = new TrainingSession(run);
            Generation.Result g = session.ensureDataset(null);
            System.out.printf("%n[jdlio] %s: %d steps/epoch/accelerator, dataset %s (%d files written, %d reused)%s%n",
                    session.workload().source(), session.plan().trainStepsPerEpoch(),
                    session.dataFolderWhere(), g.filesWritten(),
                    g.filesReused(), Hosts.line(session.ranks()));
        } catch (RuntimeException | IOException e) {
            run.ranks().failed(e);
            throw e;
        }
    }

    /**
     * With {@code -jvmArgsAppend -Djdlio.coldMeasuredEpochs=true}, a local dataset's pages leave the page cache
     * before every measured epoch (posix_fadvise, no root needed), the warm-up epochs having warmed the JIT on
     * cached files: how scripts/compare-parquet-fio measures a cold epoch. A benchmark knob, not a DLIO key.
     */
    private static final boolean COLD_MEASURED = Boolean.getBoolean("jdlio.coldMeasuredEpochs");

    @Setup(Level.Iteration)
    public void setUpIteration(IterationParams params) throws IOException {
        measured = params.getType() == IterationType.MEASUREMENT;
        if (measured && COLD_MEASURED) {
            Path folder = Path.of(session.dataFolderWhere());
            if (!java.nio.file.Files.isDirectory(folder)) {
                throw new IOException("jdlio.coldMeasuredEpochs: the dataset " + folder + " is not a local folder");
            }
            try (var files = java.nio.file.Files.walk(folder)) {
                for (Path p : (Iterable<Path>) files.filter(java.nio.file.Files::isRegularFile)::iterator) {
                    io.jdlio.bench.micro.LocalFile.dropCache(p);
                }
            }
        }
    }

    /** One training epoch's steps on every accelerator. */
    public List<AcceleratorEpoch> epoch() {
        return session.trainEpoch(measured);
    }

    /** The epoch checkpoint and evaluation when DLIO's cadence asks for them, outside the score; then the figures. */
    @TearDown(Level.Iteration)
    public void afterEpoch() {
        EpochFigures f;
        try {
            f = session.finishEpoch();
        } catch (RuntimeException e) {
            session.ranks().failed(e);
            throw e;
        }
        long retried = session.retries().map(io.jdlio.storage.StorageRetries::total).orElse(-1L);
        if (f != null) {
            for (EpochFigures.Figure figure : f.published()) {
                SecondaryMetrics.average(figure.name(), figure.value(), figure.unit());
            }
            SecondaryMetrics.objectRequests(session.lastObjectRequests());
            if (retried >= 0) {
                // object stores only: requests their client sent again in this epoch (throttling, resets...)
                SecondaryMetrics.average("storage_retries", retried - retriedBefore, "requests");
            }
        }
        retriedBefore = Math.max(retried, 0);
    }

    /** A local folder as an absolute path; an object-store URI (az://, s3://) as it is. */
    static String where(String folder) {
        return io.jdlio.storage.Scheme.of(folder).filter(x -> x != io.jdlio.storage.Scheme.FILE).isPresent() ? folder
                : Path.of(io.jdlio.storage.Scheme.strip(folder)).toAbsolutePath().normalize().toString();
    }

    /** The dataset's folder and the checkpoints the run left, as absolute paths: nothing written unsaid. */
    private List<String> whereThingsAre() {
        List<String> notes = new ArrayList<>();
        notes.add("dataset: " + session.dataFolderWhere());
        session.checkpointing().ifPresent(c -> {
            List<String> names = c.written();
            String folder = where(session.workload().checkpoint().checkpointFolder());
            notes.add(names.isEmpty() ? "checkpoints: none written (checkpoint.checkpoint_folder " + folder + ")"
                    : String.format(Locale.ROOT, "checkpoints: %d written in %s, %s: %s", names.size(), folder,
                            Generation.gib(names.size() * c.plan().bytes()), String.join(" ", names)));
        });
        return notes;
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() throws IOException {
        if (session == null) {
            // the trial's setup failed: its failure is the one to report, not a NullPointerException here
            return;
        }
        try {
            if (!session.report().figures().isEmpty()) {
                Hosts.report(session.writeOutputs(), session.workload().output().logFile(), whereThingsAre(),
                        session.ranks());
            }
            session.close();
        } catch (RuntimeException | IOException e) {
            session.ranks().failed(e);
            throw e;
        }
    }
}
