package io.jdlio.metrics;

/**
 * One epoch over all accelerators: AU is the mean over accelerators and samples/s their sum;
 * {@code measuredMBps} divides the bytes really read by the epoch's wall time, {@code dlioMBps} is DLIO's
 * samples/s x record length. {@code checkpointSeconds} is the epoch's checkpoints, each as long as its slowest
 * rank; {@code evalSeconds} the slowest rank's evaluation.
 */
public record EpochFigures(double auPercent, double samplesPerSecond, double wallSamplesPerSecond,
                           double measuredMBps, double dlioMBps, long bytesRead, double trainSeconds,
                           double evalAuPercent, double evalSamplesPerSecond, boolean evaluated,
                           double checkpointSeconds, double evalSeconds) {
}
