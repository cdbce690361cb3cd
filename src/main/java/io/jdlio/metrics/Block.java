package io.jdlio.metrics;

/**
 * One accelerator's timings of one block: a run of training steps between checkpoints (the whole epoch when
 * no step checkpoint interrupts it), or one evaluation pass. Written by one thread.
 */
public final class Block {
    public final StepSeries load = new StepSeries();
    public final StepSeries proc = new StepSeries();
    public final StepSeries compute = new StepSeries();
    private String start;
    private String end;
    private long startNanos;
    private long endNanos;

    /** Starts the block at {@code nanos} (a System.nanoTime not later than now): when its first step began. */
    public void start(long nanos) {
        start = Timestamps.now();
        startNanos = nanos;
    }

    /** Ends the block at {@code nanos} (a System.nanoTime not later than now): when its last step ended. */
    public void end(long nanos) {
        endNanos = nanos;
        end = Timestamps.now();
    }

    public void step(double loadSeconds, double computeSeconds, double procSeconds) {
        load.add(loadSeconds);
        compute.add(computeSeconds);
        proc.add(procSeconds);
    }

    public int steps() {
        return compute.size();
    }

    public double wallSeconds() {
        return (endNanos - startNanos) / 1e9;
    }

    public String startTime() {
        return start;
    }

    public String endTime() {
        return end;
    }
}
