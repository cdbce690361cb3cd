package io.jdlio.config;

import java.util.LinkedHashMap;
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

    /**
     * The same workload with its dataset in another folder, as the override {@code dataset.data_folder=folder}
     * would give, without parsing the YAML again; {@code resolved} says the new folder too.
     */
    public Workload withDataFolder(String folder) {
        Map<String, Object> tree = new LinkedHashMap<>(resolved);
        Object section = tree.get("dataset");
        Map<Object, Object> d = new LinkedHashMap<>();
        if (section instanceof Map) {
            d.putAll((Map<?, ?>) section);
        }
        d.put("data_folder", folder);
        tree.put("dataset", d);
        return new Workload(source, framework, model, workflow, dataset.withDataFolder(folder), reader, train,
                evaluation, checkpoint, storage, output, profiling, metricAu, tree, notices);
    }
}
