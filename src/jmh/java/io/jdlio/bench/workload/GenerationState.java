package io.jdlio.bench.workload;

import io.jdlio.workload.GenerationSession;
import io.jdlio.workload.WorkloadRun;
import java.io.IOException;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/** A workload's dataset generation as JMH state: a fresh, empty folder for every timed generation. */
@State(Scope.Benchmark)
public class GenerationState extends WorkloadParams {


    private GenerationSession session;

    @Setup(Level.Trial)
    public void setUpTrial() {
        WorkloadRun run = WorkloadRun.load(config, overrides, accelerators);
        try {
            session = new GenerationSession(run);
        } catch (RuntimeException e) {
            // under MPI the other hosts wait for this one: every host ends, with this one's line
            run.ranks().failed(e);
            throw e;
        }
    }

    // deleting last iteration's files is not part of generating this iteration's
    @Setup(Level.Iteration)
    public void emptyFolder() throws IOException {
        session.clean();
    }

    public long generate() throws IOException {
        long start = System.nanoTime();
        long bytes = session.generate().bytesWritten();
        double seconds = (System.nanoTime() - start) / 1e9;
        SecondaryMetrics.average("write_GB_per_second", bytes / seconds / (1L << 30), "GiB/s");
        SecondaryMetrics.average("bytes_written", bytes, "bytes");
        return bytes;
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() throws IOException {
        if (session != null) {
            // null when the trial's setup failed: its failure is the one to report
            session.close();
        }
    }
}
