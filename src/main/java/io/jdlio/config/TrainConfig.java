package io.jdlio.config;

/** DLIO's {@code train} section (§2.6). */
public record TrainConfig(int epochs, long totalTrainingSteps, TimeSpec computationTime, long seed,
                          boolean seedChangeEpoch) {
}
