package io.jdlio.config;

/** DLIO's {@code output} section (docs/config-keys.md, "output"); a null folder means jdlio picks one per trial. */
public record OutputConfig(String folder, String logFile, int excludeStartSteps, int excludeEndSteps) {
}
