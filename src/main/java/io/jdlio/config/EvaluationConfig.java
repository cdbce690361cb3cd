package io.jdlio.config;

/** DLIO's {@code evaluation} section (docs/config-keys.md, "evaluation"). */
public record EvaluationConfig(TimeSpec evalTime, int evalAfterEpoch, int epochsBetweenEvals) {
}
