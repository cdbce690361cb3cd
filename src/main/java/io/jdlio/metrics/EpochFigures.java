package io.jdlio.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * One epoch over all accelerators: AU is the mean over accelerators and samples/s their sum;
 * {@code measuredMBps} divides the bytes really read by the epoch's wall time, {@code dlioMBps} is DLIO's
 * samples/s x record length. {@code checkpointSeconds} is the epoch's checkpoints, each as long as its slowest
 * rank; {@code evalSeconds} the slowest rank's evaluation. The {@code read*Ms} figures are percentiles of every
 * training sample read of the epoch, all accelerators' histograms merged, in milliseconds.
 *
 * <p>{@link #published()} lists every figure with the name and unit the benchmark reports it under, so a new
 * figure is a component here, its line there and its computation in {@link RunReport}.
 */
public record EpochFigures(double auPercent, double samplesPerSecond, double wallSamplesPerSecond,
                           double measuredMBps, double dlioMBps, long bytesRead, double trainSeconds,
                           double evalAuPercent, double evalSamplesPerSecond, boolean evaluated,
                           double checkpointSeconds, double evalSeconds, double readP50Ms, double readP90Ms,
                           double readP99Ms, double readP999Ms, double readMaxMs) {

    /** One published figure: the name JMH's JSON carries (users' baselines compare by it), its value and unit. */
    public record Figure(String name, double value, String unit) {
    }

    /** Every figure of the epoch, in a stable order; the evaluation's only when the epoch evaluated. */
    public List<Figure> published() {
        List<Figure> out = new ArrayList<>();
        out.add(new Figure("checkpoint_seconds", checkpointSeconds, "s"));
        if (evaluated) {
            out.add(new Figure("eval_seconds", evalSeconds, "s"));
            out.add(new Figure("eval_au_percent", evalAuPercent, "%"));
            out.add(new Figure("eval_samples_per_second", evalSamplesPerSecond, "samples/s"));
        }
        out.add(new Figure("au_percent", auPercent, "%"));
        out.add(new Figure("samples_per_second", samplesPerSecond, "samples/s"));
        out.add(new Figure("wall_samples_per_second", wallSamplesPerSecond, "samples/s"));
        out.add(new Figure("train_seconds", trainSeconds, "s"));
        out.add(new Figure("read_MB_per_second", measuredMBps, "MiB/s"));
        out.add(new Figure("dlio_io_MB_per_second", dlioMBps, "MiB/s"));
        out.add(new Figure("bytes_read", bytesRead, "bytes"));
        out.add(new Figure("read_latency_p50_ms", readP50Ms, "ms"));
        out.add(new Figure("read_latency_p90_ms", readP90Ms, "ms"));
        out.add(new Figure("read_latency_p99_ms", readP99Ms, "ms"));
        out.add(new Figure("read_latency_p99_9_ms", readP999Ms, "ms"));
        out.add(new Figure("read_latency_max_ms", readMaxMs, "ms"));
        return out;
    }
}
