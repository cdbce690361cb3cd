package io.jdlio.config;

import java.util.List;

/** DLIO's {@code profiling} section (docs/config-keys.md, "profiling"). */
public record ProfilingConfig(ProfilerKind profiler, List<String> iostatDevices) {
}
