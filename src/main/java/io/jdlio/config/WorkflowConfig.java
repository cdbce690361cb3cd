package io.jdlio.config;

/** DLIO's {@code workflow} section and the modes it implies (docs/config-keys.md, "workflow"). */
public record WorkflowConfig(boolean generateData, boolean train, boolean evaluation, boolean checkpoint,
                             boolean profiling) {

    /** Generation and nothing else: train off and no checkpointing. */
    public boolean generateOnly() {
        return !train && generateData && !checkpoint;
    }

    /** Checkpoint writes and reads without training. */
    public boolean checkpointOnly() {
        return !train && checkpoint;
    }
}
