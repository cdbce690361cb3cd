package io.jdlio.config;

/** DLIO's {@code profiling.profiler}. */
public enum ProfilerKind implements YamlEnum {
    NONE, IOSTAT, DARSHAN, TENSORBOARD
}
