package io.jdlio.metrics;

import java.util.List;

/**
 * Accelerator utilisation and throughput (docs/metrics.md, "The AU window"; docs/differences.md, "block
 * throughput"): the first
 * {@code exclude_start_steps} of every block and the last {@code exclude_end_steps} of the epoch are taken
 * out of both the compute sum and the time, and throughput counts exactly the steps left in that window.
 */
public final class UtilizationMath {
    private final int excludeStart;
    private final int excludeEnd;
    private final int batch;

    public UtilizationMath(int excludeStart, int excludeEnd, int batch) {
        this.excludeStart = excludeStart;
        this.excludeEnd = excludeEnd;
        this.batch = batch;
    }

    /** Block values: {AU %, samples/s}. The end exclusion applies only to the epoch's last block. */
    public double[] block(Block b, boolean lastOfEpoch) {
        int n = b.steps();
        int s0 = Math.min(excludeStart, n);
        int e0 = lastOfEpoch ? Math.min(excludeEnd, n - s0) : 0;
        double t = b.wallSeconds() - b.proc.sum(0, s0) - b.proc.sum(n - e0, n);
        double compute = b.compute.sum(s0, n - e0);
        int counted = n - s0 - e0;
        if (t <= 0 || counted <= 0) {
            return new double[] {0, 0};
        }
        return new double[] {100.0 * compute / t, (double) counted * batch / t};
    }

    /**
     * The AU window of one accelerator's epoch, summed over its blocks: {samples counted, seconds}. Its time
     * is each block's wall time less the excluded steps' proc time, so what those steps waited for is not in it.
     */
    public double[] window(List<Block> blocks) {
        double samples = 0;
        double seconds = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            int n = b.steps();
            int s0 = Math.min(excludeStart, n);
            int e0 = i == blocks.size() - 1 ? Math.min(excludeEnd, n - s0) : 0;
            samples += (double) (n - s0 - e0) * batch;
            seconds += b.wallSeconds() - b.proc.sum(0, s0) - b.proc.sum(n - e0, n);
        }
        return new double[] {samples, seconds};
    }

    /** Epoch values for one accelerator: block values weighted by their step counts. */
    public double[] epoch(List<Block> blocks) {
        double au = 0;
        double thr = 0;
        long steps = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            double[] v = block(b, i == blocks.size() - 1);
            au += v[0] * b.steps();
            thr += v[1] * b.steps();
            steps += b.steps();
        }
        return steps == 0 ? new double[] {0, 0} : new double[] {au / steps, thr / steps};
    }

    /** Evaluation values: AU with the same exclusions; throughput over the whole pass, as DLIO. */
    public double[] eval(Block b) {
        int n = b.steps();
        int s0 = Math.min(excludeStart, n);
        int e0 = Math.min(excludeEnd, n - s0);
        double t = b.wallSeconds() - b.proc.sum(0, s0) - b.proc.sum(n - e0, n);
        double compute = b.compute.sum(s0, n - e0);
        double au = t > 0 && compute > 0 ? 100.0 * compute / t : 0;
        double thr = b.wallSeconds() > 0 ? (double) n * batch / b.wallSeconds() : 0;
        return new double[] {au, thr};
    }

    /** Mean and population standard deviation, DLIO's summary statistics. */
    public static double[] meanStdev(double[] values) {
        if (values.length == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new double[] {mean, Math.sqrt(var / values.length)};
    }
}
