package io.jdlio.metrics;

/** Accelerator utilisation and throughput of a block, an epoch or an evaluation pass. */
public record Utilization(double auPercent, double samplesPerSecond) {
    static final Utilization NONE = new Utilization(0, 0);
}
