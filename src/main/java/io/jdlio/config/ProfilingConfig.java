package io.jdlio.config;

import java.util.List;

/** DLIO's {@code profiling} section (§2.11). */
public record ProfilingConfig(ProfilerKind profiler, List<String> iostatDevices) {
}
