package io.jdlio.config;

/** DLIO's {@code checkpoint.mode}: default, or subset (emulate some ranks of a larger job). */
public enum CheckpointMode implements YamlEnum {
    DEFAULT, SUBSET
}
