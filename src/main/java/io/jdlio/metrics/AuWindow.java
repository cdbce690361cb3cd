package io.jdlio.metrics;

/** What DLIO's AU window of one accelerator's epoch holds: the samples it counts and the seconds they took. */
public record AuWindow(double samples, double seconds) {
}
