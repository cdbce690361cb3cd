package io.jdlio.bench.workload;

import io.jdlio.metrics.CheckpointTiming;
import io.jdlio.metrics.Latency;
import io.jdlio.workload.CheckpointSession;
import io.jdlio.workload.EndOfRun;
import io.jdlio.workload.WorkloadRun;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * A DLIO checkpoint workload as JMH state. Deleting the previous checkpoint, dropping the page cache before a
 * load and DLIO's time_between_checkpoints pause all happen in iteration setup, so an invocation is the
 * checkpoint's I/O and nothing else. Warmup iterations save and load like measured ones and are left out of
 * DLIO's outputs.
 */
public class CheckpointState extends WorkloadParams {
    private CheckpointSession session;
    private boolean measured;

    @Setup(Level.Trial)
    public void setUpTrial() {
        WorkloadRun run = WorkloadRun.load(config, overrides, accelerators);
        try {
            session = new CheckpointSession(run);
        } catch (RuntimeException e) {
            run.ranks().failed(e);
            throw e;
        }
        System.out.printf("%n[jdlio] %s: %s%s%n", session.workload().source(), session.describe(),
                Hosts.line(session.ranks()));
    }

    @Setup(Level.Iteration)
    public void prepare(BenchmarkParams params, IterationParams iteration) throws IOException {
        measured = iteration.getType() == IterationType.MEASUREMENT;
        try {
            if (params.getBenchmark().endsWith(".load")) {
                session.prepareLoad();
            } else {
                session.prepareSave();
            }
        } catch (RuntimeException | IOException e) {
            session.ranks().failed(e);
            throw e;
        }
    }

    public List<CheckpointTiming> save() {
        return publish(session.save(measured));
    }

    public List<CheckpointTiming> load() {
        return publish(session.load(measured));
    }

    private List<CheckpointTiming> publish(List<CheckpointTiming> t) {
        double slowest = t.stream().mapToDouble(CheckpointTiming::seconds).max().orElse(Double.NaN);
        long bytes = t.stream().mapToLong(CheckpointTiming::bytes).sum();
        SecondaryMetrics.average("GB_per_second", session.slowestRankGiBps(t), "GiB/s");
        SecondaryMetrics.average("slowest_rank_seconds", slowest, "s");
        SecondaryMetrics.average("measured_GB_per_second", bytes / (double) (1L << 30) / slowest, "GiB/s");
        SecondaryMetrics.average("bytes", bytes, "bytes");
        SecondaryMetrics.average("heap_used_MB", heapPeakMiB(), "MiB");
        // every rank's files of this checkpoint, one histogram
        Latency.Percentiles files = Latency.merged(t.stream().map(CheckpointTiming::files).toList()).percentiles();
        SecondaryMetrics.average("file_latency_p50_ms", files.p50(), "ms");
        SecondaryMetrics.average("file_latency_p90_ms", files.p90(), "ms");
        SecondaryMetrics.average("file_latency_p99_ms", files.p99(), "ms");
        SecondaryMetrics.average("file_latency_p99_9_ms", files.p999(), "ms");
        SecondaryMetrics.average("file_latency_max_ms", files.max(), "ms");
        return t;
    }

    /** Peak heap use so far: checkpoint data must stream through small buffers, never sit in the heap. */
    private static double heapPeakMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1048576.0;
    }

    @TearDown(Level.Trial)
    public void tearDownTrial() throws IOException {
        String checkpoints = WorkloadState.where(session.workload().checkpoint().checkpointFolder());
        try {
            Hosts.report(session.writeOutputs(), session.workload().output().logFile(), List.of("checkpoints: "
                    + "written in " + checkpoints + " and removed at the end of each trial (" + session.describe()
                    + ")"), session.ranks());
            session.close();
        } catch (RuntimeException | IOException e) {
            session.ranks().failed(e);
            throw e;
        }
    }
}
