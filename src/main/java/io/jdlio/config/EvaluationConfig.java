package io.jdlio.config;

/** DLIO's {@code evaluation} section (§2.7). */
public record EvaluationConfig(TimeSpec evalTime, int evalAfterEpoch, int epochsBetweenEvals) {
}
