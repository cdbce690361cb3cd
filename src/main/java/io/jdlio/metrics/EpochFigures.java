package io.jdlio.metrics;

/**
 * One epoch over all accelerators: AU is the mean over accelerators and samples/s their sum (Part A #4);
 * {@code measuredMBps} divides the bytes really read by the epoch's wall time, {@code dlioMBps} is DLIO's
 * samples/s x record length.
 */
public record EpochFigures(double auPercent, double samplesPerSecond, double wallSamplesPerSecond,
                           double measuredMBps, double dlioMBps, long bytesRead, double trainSeconds,
                           double evalAuPercent, double evalSamplesPerSecond, boolean evaluated) {
}
