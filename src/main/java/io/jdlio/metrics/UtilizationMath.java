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

    /** A block's AU and samples/s. The end exclusion applies only to the epoch's last block. */
    public Utilization block(Block b, boolean lastOfEpoch) {
        int n = b.steps();
        int s0 = Math.min(excludeStart, n);
        int e0 = lastOfEpoch ? Math.min(excludeEnd, n - s0) : 0;
        double t = b.wallSeconds() - b.proc.sum(0, s0) - b.proc.sum(n - e0, n);
        double compute = b.compute.sum(s0, n - e0);
        int counted = n - s0 - e0;
        if (t <= 0 || counted <= 0) {
            return Utilization.NONE;
        }
        return new Utilization(100.0 * compute / t, (double) counted * batch / t);
    }

    /**
     * The AU window of one accelerator's epoch, summed over its blocks: the samples counted and their seconds. Its time
     * is each block's wall time less the excluded steps' proc time, so what those steps waited for is not in it.
     */
    public AuWindow window(List<Block> blocks) {
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
        return new AuWindow(samples, seconds);
    }

    /** One accelerator's epoch: its blocks' values weighted by their step counts. */
    public Utilization epoch(List<Block> blocks) {
        double au = 0;
        double thr = 0;
        long steps = 0;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            Utilization v = block(b, i == blocks.size() - 1);
            au += v.auPercent() * b.steps();
            thr += v.samplesPerSecond() * b.steps();
            steps += b.steps();
        }
        return steps == 0 ? Utilization.NONE : new Utilization(au / steps, thr / steps);
    }

    /** An evaluation pass: AU with the same exclusions; throughput over the whole pass, as DLIO. */
    public Utilization eval(Block b) {
        int n = b.steps();
        int s0 = Math.min(excludeStart, n);
        int e0 = Math.min(excludeEnd, n - s0);
        double t = b.wallSeconds() - b.proc.sum(0, s0) - b.proc.sum(n - e0, n);
        double compute = b.compute.sum(s0, n - e0);
        double au = t > 0 && compute > 0 ? 100.0 * compute / t : 0;
        double thr = b.wallSeconds() > 0 ? (double) n * batch / b.wallSeconds() : 0;
        return new Utilization(au, thr);
    }
}
