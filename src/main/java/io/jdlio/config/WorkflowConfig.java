package io.jdlio.config;

/**
 * DLIO's {@code workflow} section and the modes it implies (docs/config-keys.md, "workflow"), with jdlio's
 * {@code hosts_may_differ}: under MPI, hosts may run different accelerator counts (MLPerf's rule, the default,
 * wants the same on every host).
 */
public record WorkflowConfig(boolean generateData, boolean train, boolean evaluation, boolean checkpoint,
                             boolean profiling, boolean hostsMayDiffer) {

    /** Generation and nothing else: train off and no checkpointing. */
    public boolean generateOnly() {
        return !train && generateData && !checkpoint;
    }

    /** Checkpoint writes and reads without training. */
    public boolean checkpointOnly() {
        return !train && checkpoint;
    }
}
