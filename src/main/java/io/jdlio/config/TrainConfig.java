package io.jdlio.config;

/** DLIO's {@code train} section (docs/config-keys.md, "train"). */
public record TrainConfig(int epochs, long totalTrainingSteps, TimeSpec computationTime, long seed,
                          boolean seedChangeEpoch) {
}
