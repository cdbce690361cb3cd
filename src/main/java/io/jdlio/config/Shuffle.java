package io.jdlio.config;

/** DLIO's {@code file_shuffle} / {@code sample_shuffle}: off, seeded (seed, +epoch when seed_change_epoch) or unseeded. */
public enum Shuffle implements YamlEnum {
    OFF, SEED, RANDOM
}
