package io.jdlio.config;

/** DLIO's {@code checkpoint.type} (parsed; DLIO does not use it either). */
public enum CheckpointType implements YamlEnum {
    RANK_ZERO, ALL_RANKS
}
