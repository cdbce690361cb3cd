package io.jdlio.config;

import java.util.Map;

/**
 * One DLIO workload YAML, resolved: every section with DLIO's defaults filled in, overrides applied and
 * validated. Immutable; {@code resolved} is the same content as a plain tree, for printing and saving.
 */
public record Workload(String source, Framework framework, ModelConfig model, WorkflowConfig workflow,
                       DatasetConfig dataset, ReaderConfig reader, TrainConfig train,
                       EvaluationConfig evaluation, CheckpointConfig checkpoint, StorageConfig storage,
                       OutputConfig output, ProfilingConfig profiling, double metricAu,
                       Map<String, Object> resolved, Notices notices) {
}
