package io.jdlio.config;

/** DLIO's {@code checkpoint} section (§2.8); fsync and recovery_rank_shift are honoured (Part A #8). */
public record CheckpointConfig(String checkpointFolder, int checkpointAfterEpoch, int epochsBetweenCheckpoints,
                               int stepsBetweenCheckpoints, CheckpointType type, CheckpointMode mode,
                               boolean fsync, boolean rankSync, double timeBetweenCheckpoints,
                               int numCheckpointsWrite, int numCheckpointsRead, boolean recoveryRankShift,
                               boolean randomizeTensor, boolean ksm) {
}
