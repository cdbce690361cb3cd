package io.jdlio.config;

/** DLIO's {@code checkpoint} section (docs/config-keys.md, "checkpoint"); fsync and recovery_rank_shift are honoured
 * (docs/differences.md, "fsync and recovery_rank_shift"). */
public record CheckpointConfig(String checkpointFolder, int checkpointAfterEpoch, int epochsBetweenCheckpoints,
                               int stepsBetweenCheckpoints, CheckpointType type, CheckpointMode mode,
                               boolean fsync, boolean rankSync, double timeBetweenCheckpoints,
                               int numCheckpointsWrite, int numCheckpointsRead, boolean recoveryRankShift,
                               boolean randomizeTensor, boolean ksm) {
}
