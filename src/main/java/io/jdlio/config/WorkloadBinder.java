package io.jdlio.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds each YAML section to its record with DLIO's defaults (docs/config-keys.md); type errors name file, key and
 * value.
 */
final class WorkloadBinder {
    private WorkloadBinder() {
    }

    static Workload bind(Section top) {
        Framework framework = top.choice("framework", Framework.TENSORFLOW, Framework.class);
        ModelConfig model = model(top);
        WorkflowConfig workflow = workflow(top.section("workflow"));
        DatasetConfig dataset = dataset(top.section("dataset"));
        ReaderConfig reader = reader(top, framework, dataset.format());
        TrainConfig train = train(top.section("train"));
        EvaluationConfig evaluation = evaluation(top.section("evaluation"));
        CheckpointConfig checkpoint = checkpoint(top.section("checkpoint"));
        StorageConfig storage = storage(top.section("storage"));
        OutputConfig output = output(top.section("output"));
        ProfilingConfig profiling = profiling(top.section("profiling"));
        Section metric = top.section("metric");
        double au = metric.number("au", 0.90);
        return new Workload(top.source(), framework, model, workflow, dataset, reader, train, evaluation,
                checkpoint, storage, output, profiling, au, top.resolved(), top.notices());
    }

    private static ModelConfig model(Section top) {
        Section s;
        String legacyName = null;
        if (top.has("model") && top.raw("model") instanceof String) {
            // the oldest DLIO docs write "model: unet3d"
            legacyName = (String) top.raw("model");
            s = new Section(top.source(), "model", Map.of(), top.notices(), new LinkedHashMap<>());
            top.adopt("model", s);
            top.notices().note("model: " + legacyName + " is DLIO's oldest form; read as model.name");
        } else {
            s = top.section("model");
        }
        String name = legacyName != null ? legacyName : s.string("name", "default");
        String type = s.string("type", null);
        Object legacySize = s.legacy("model_size", "model_size_bytes");
        long modelSizeBytes = legacySize != null ? s.longValue("model_size_bytes", legacySize, 10240)
                : s.longValue("model_size_bytes", 10240);
        ElementType modelType = s.elementType("model_datatype", ElementType.FLOAT16);
        ElementType optimizerType = s.elementType("optimizer_datatype", ElementType.FLOAT32);
        List<Long> groups = s.longList("optimization_groups");
        int numLayers = s.integer("num_layers", -1);
        List<Long> layerParameters = s.longList("layer_parameters");
        Section p = s.section("parallelism");
        ModelConfig.Parallelism parallelism = new ModelConfig.Parallelism(p.integer("tensor", 1),
                p.integer("pipeline", 1), p.integer("data", -1), p.integer("zero_stage", 0));
        Section t = s.section("transformer");
        ModelConfig.Transformer transformer = new ModelConfig.Transformer(t.longValue("vocab_size", 32000),
                t.longValue("hidden_size", 2048), t.longValue("ffn_hidden_size", 8192),
                t.longValue("num_attention_heads", 32), t.longValue("num_kv_heads", 8));
        return new ModelConfig(name, type, modelSizeBytes, modelType, optimizerType, groups, numLayers,
                layerParameters, parallelism, transformer);
    }

    private static WorkflowConfig workflow(Section s) {
        WorkflowConfig w = new WorkflowConfig(s.bool("generate_data", false), s.bool("train", true),
                s.bool("evaluation", false), s.bool("checkpoint", false), s.bool("profiling", false),
                s.bool("hosts_may_differ", false));
        s.noEffect("debug", "DLIO's benchmark ignores it too");
        s.noEffect("evaluate", "DLIO's benchmark ignores it too");
        s.noEffect("query", "read only by dlio_benchmark_query");
        return w;
    }

    private static DatasetConfig dataset(Section s) {
        String folder = stripSlash(s.string("data_folder", "./data/"));
        DataFormat format = s.choice("format", DataFormat.TFRECORD, DataFormat.class);
        int filesTrain = s.integer("num_files_train", 8);
        int filesEval = s.integer("num_files_eval", 0);
        int nspf = s.integer("num_samples_per_file", 1);
        double length = legacyNumber(s, "record_length", "record_length_bytes", 65536);
        double stdev = legacyNumber(s, "record_length_stdev", "record_length_bytes_stdev", 0);
        double resize = legacyNumber(s, "record_length_resize", "record_length_bytes_resize", 0);
        int subTrain = s.integer("num_subfolders_train", 0);
        int subEval = s.integer("num_subfolders_eval", 0);
        String prefix = s.string("file_prefix", "img");
        Compression compression = s.choice("compression", Compression.NONE, Compression.class);
        int level = s.integer("compression_level", 4);
        s.noEffect("enable_chunking", "DLIO parses it but never uses it");
        s.noEffect("chunk_size", "DLIO parses it but never uses it");
        boolean keep = s.bool("keep_files", true);
        long bufferSize = s.longValue("generation_buffer_size", 2147483648L);
        List<Integer> dims = s.intList("record_dims");
        ElementType elementType = s.elementType("record_element_type", ElementType.UINT8);
        s.noEffect("record_element_bytes", "derived from record_element_type, as in DLIO");
        // the MLCommons fork's object-storage keys: jdlio's plan names every object, so it never lists to train
        s.noEffect("skip_listing", "jdlio never lists a dataset to train: its plan names every object");
        s.noEffect("listing_validation_interval", "jdlio never lists a dataset to train: its plan names every object");
        s.noEffect("data_gen_method", "jdlio generates its own deterministic content");
        Section h = s.section("hdf5");
        DatasetConfig.Hdf5 hdf5 = new DatasetConfig.Hdf5(h.integer("num_dset_per_record", 1),
                h.intList("chunk_dims"), h.intList("max_shape"));
        DatasetConfig.Parquet parquet = parquet(s.section("parquet"));
        // jdlio's: content that deduplicating or compressing storage can shrink, in fio's sense
        int dedupe = s.integer("dedupe_percentage", 0);
        int compressible = s.integer("buffer_compress_percentage", 0);
        return new DatasetConfig(folder, format, filesTrain, filesEval, nspf, length, stdev, resize, subTrain,
                subEval, prefix, compression, level, keep, bufferSize, dims, elementType, hdf5, parquet, dedupe,
                compressible);
    }

    private static double legacyNumber(Section s, String legacy, String current, double def) {
        Object v = s.legacy(legacy, current);
        return v != null ? s.number(current, v, def) : s.number(current, def);
    }

    private static DatasetConfig.Parquet parquet(Section s) {
        List<DatasetConfig.Column> columns = new ArrayList<>();
        Object raw = s.raw("columns");
        if (raw != null) {
            if (!(raw instanceof List)) {
                throw s.error("columns", raw, "a list of columns, each with name, dtype and size");
            }
            List<Object> shown = new ArrayList<>();
            int i = 0;
            for (Object o : (List<?>) raw) {
                String key = "columns[" + i++ + "]";
                Map<String, Object> resolved = new LinkedHashMap<>();
                Section c = new Section(s.source(), s.keyPath(key), s.asMap(key, o), s.notices(), resolved);
                String name = c.string("name", null);
                if (name == null) {
                    throw s.error(key, o, "a column with a name");
                }
                columns.add(new DatasetConfig.Column(name, c.choice("dtype", ParquetDtype.FLOAT32, ParquetDtype.class),
                        c.longValue("size", 1), c.bool("read", true)));
                c.finish();
                shown.add(resolved);
            }
            s.put("columns", shown);
            if (!columns.isEmpty() && columns.stream().noneMatch(DatasetConfig.Column::read)) {
                s.notices().warn(s.keyPath("columns") + ": every column is marked read: false, which reads them all ("
                        + columns.size() + " columns), as a reader told of no columns does; mark the ones the model "
                        + "reads with read: true");
            }
        }
        // the MLCommons fork's generator settings; jdlio's writer has its own
        s.noEffect("generation_batch_size", "jdlio writes row groups of row_group_size rows as it generates them");
        s.noEffect("use_s3dlio_gen", "jdlio generates every format's content itself");
        s.noEffect("partition_by", "jdlio writes one Parquet file per dataset file, as DLIO does");
        // DLIO's parquet generator writes row groups of 1024 rows unless told otherwise
        return new DatasetConfig.Parquet(List.copyOf(columns), s.longValue("row_group_size", 1024),
                s.choice("read_mode", ParquetReadMode.DEFAULT, ParquetReadMode.class));
    }

    private static ReaderConfig reader(Section top, Framework framework, DataFormat format) {
        // DLIO reads "data_reader" (legacy) in preference to "reader" when both exist
        Section s = top.has("data_reader") ? top.section("data_reader") : top.section("reader");
        if (top.has("data_reader") && top.has("reader")) {
            top.accept("reader");
            top.notices().warn(top.source() + ": both reader and data_reader are present; DLIO uses "
                    + "data_reader, and so does jdlio");
        }
        // DLIO's own default is tensorflow whatever the framework, and it checks no rule against it (a file
        // with no reader section, as llama_1t.yaml, runs); jdlio takes pytorch's loader for pytorch, except
        // for tfrecord, which the pytorch loader cannot read
        DataLoaderKind defaultLoader = framework == Framework.PYTORCH && format != DataFormat.TFRECORD
                ? DataLoaderKind.PYTORCH : DataLoaderKind.TENSORFLOW;
        DataLoaderKind loader = s.choice("data_loader", defaultLoader, DataLoaderKind.class);
        SamplerKind defaultSampler = loader == DataLoaderKind.TENSORFLOW ? SamplerKind.ITERATIVE
                : loader == DataLoaderKind.CUSTOM ? null : SamplerKind.INDEX;
        SamplerKind sampler = s.choice("data_loader_sampler", defaultSampler, SamplerKind.class);
        int batch = s.integer("batch_size", 1);
        int batchEval = s.integer("batch_size_eval", 1);
        int threads = s.integer("read_threads", 1);
        int computationThreads = s.integer("computation_threads", 1);
        int prefetch = s.integer("prefetch_size", 2);
        Shuffle fileShuffle = s.choice("file_shuffle", Shuffle.OFF, Shuffle.class);
        Shuffle sampleShuffle = s.choice("sample_shuffle", Shuffle.OFF, Shuffle.class);
        int shuffleSize = s.integer("shuffle_size", 1024);
        ReadType readType = s.choice("read_type", ReadType.ON_DEMAND, ReadType.class);
        s.choice("file_access", FileAccess.MULTI, FileAccess.class);
        long transferSize = s.longValue("transfer_size", 0);
        TimeSpec preprocess = s.time("preprocess_time");
        boolean odirect = s.bool("odirect", false);
        List<Integer> transformed = s.intList("transformed_record_dims");
        ElementType transformedType = s.elementType("transformed_record_element_type", ElementType.UINT8);
        s.noEffect("pin_memory", "no CUDA host memory on the JVM");
        s.noEffect("multiprocessing_context", "reader workers are threads");
        s.noEffect("dont_use_mmap", "DALI only");
        s.noEffect("reader_classname", "a Python plugin class");
        s.noEffect("data_loader_classname", "a Python plugin class");
        s.noEffect("write_threads", "generation writes with every core");
        // the copy of DLIO inside mlcommons/storage reads its storage from the reader section; jdlio from storage
        String fromStorage = "jdlio takes the storage from the storage section";
        for (String key : List.of("storage_type", "protocol", "storage_library", "storage_root")) {
            s.noEffect(key, fromStorage);
        }
        Object options = s.raw("storage_options");
        if (options != null) {
            Map<String, String> o = new LinkedHashMap<>();
            s.asMap("storage_options", options).forEach((k, v) -> o.put(k, v == null ? null : String.valueOf(v)));
            // shown as every output shows storage options: credentials masked
            s.put("storage_options", StorageConfig.masked(o));
            s.notices().note(s.keyPath("storage_options") + ": no effect in jdlio (" + fromStorage + ")");
        }
        return new ReaderConfig(loader, sampler, batch, batchEval, threads, computationThreads, prefetch,
                fileShuffle, sampleShuffle, shuffleSize, readType, transferSize, preprocess, odirect,
                transformed, transformedType);
    }

    private static TrainConfig train(Section s) {
        return new TrainConfig(s.integer("epochs", 1), s.longValue("total_training_steps", -1),
                s.time("computation_time"), s.longValue("seed", 123), s.bool("seed_change_epoch", true));
    }

    private static EvaluationConfig evaluation(Section s) {
        return new EvaluationConfig(s.time("eval_time"), s.integer("eval_after_epoch", 1),
                s.integer("epochs_between_evals", 1));
    }

    private static CheckpointConfig checkpoint(Section s) {
        String folder = stripSlash(s.string("checkpoint_folder", "./checkpoints/"));
        int after = s.integer("checkpoint_after_epoch", 1);
        int between = s.integer("epochs_between_checkpoints", 1);
        int steps = s.integer("steps_between_checkpoints", -1);
        CheckpointType type = s.choice("type", CheckpointType.RANK_ZERO, CheckpointType.class);
        CheckpointMode mode = s.choice("mode", CheckpointMode.DEFAULT, CheckpointMode.class);
        boolean fsync = s.bool("fsync", false);
        boolean rankSync = s.bool("rank_sync", false);
        double timeBetween = s.number("time_between_checkpoints", -1);
        int writes = s.integer("num_checkpoints_write", -1);
        int reads = s.integer("num_checkpoints_read", -1);
        boolean shift = s.bool("recovery_rank_shift", false);
        boolean randomize = s.bool("randomize_tensor", true);
        boolean ksm = s.has("ksm");
        if (ksm) {
            Section k = s.section("ksm");
            k.noEffect("madv_mergeable_id", "KSM needs madvise on tensor memory");
            k.noEffect("high_ram_trigger", "KSM needs madvise on tensor memory");
            k.noEffect("low_ram_exit", "KSM needs madvise on tensor memory");
            k.noEffect("await_time", "KSM needs madvise on tensor memory");
        }
        s.noEffect("checkpoint_mechanism_classname", "a Python plugin class");
        return new CheckpointConfig(folder, after, between, steps, type, mode, fsync, rankSync, timeBetween,
                writes, reads, shift, randomize, ksm);
    }

    private static StorageConfig storage(Section s) {
        StorageType type = s.choice("storage_type", StorageType.LOCAL_FS, StorageType.class);
        String root = s.string("storage_root", "./");
        Map<String, String> options = new LinkedHashMap<>();
        Object raw = s.raw("storage_options");
        for (Map.Entry<String, Object> e : s.asMap("storage_options", raw).entrySet()) {
            options.put(e.getKey(), e.getValue() == null ? null : String.valueOf(e.getValue()));
        }
        if (raw != null) {
            s.put("storage_options", StorageConfig.masked(options));
        }
        // the MLCommons fork's keys: the library it would use (served by jdlio's own client), several endpoints
        String library = s.string("storage_library", options.get("storage_library"));
        Object uris = s.raw("endpoint_uris");
        List<String> endpoints = new ArrayList<>();
        if (uris instanceof List) {
            for (Object u : (List<?>) uris) {
                endpoints.add(String.valueOf(u));
            }
        } else if (uris != null) {
            for (String u : String.valueOf(uris).split(",")) {
                if (!u.isBlank()) {
                    endpoints.add(u.trim());
                }
            }
        }
        if (uris != null) {
            s.put("endpoint_uris", List.copyOf(endpoints));
        }
        boolean byRank = s.bool("use_mpi_endpoint_distribution", false);
        double settle = s.number("post_generation_settle_seconds", 0);
        if (settle < 0) {
            throw s.error("post_generation_settle_seconds", settle, "0 or more seconds");
        }
        Map<String, String> kept = new HashMap<>();
        options.forEach((k, v) -> {
            if (v != null) {
                kept.put(k, v);
            }
        });
        return new StorageConfig(type, root, Map.copyOf(kept), library, List.copyOf(endpoints), byRank, settle);
    }

    private static OutputConfig output(Section s) {
        String folder = s.string("folder", null);
        String log = s.string("log_file", "dlio.log");
        Section m = s.section("metric");
        return new OutputConfig(folder, log, m.integer("exclude_start_steps", 1), m.integer("exclude_end_steps", 0));
    }

    private static ProfilingConfig profiling(Section s) {
        ProfilerKind profiler = s.choice("profiler", ProfilerKind.IOSTAT, ProfilerKind.class);
        Object devices = s.raw("iostat_devices");
        List<String> list = new ArrayList<>();
        if (devices instanceof List) {
            for (Object d : (List<?>) devices) {
                list.add(String.valueOf(d));
            }
        } else if (devices != null) {
            list.add(String.valueOf(devices));
        }
        s.put("iostat_devices", list);
        return new ProfilingConfig(profiler, List.copyOf(list));
    }

    private static String stripSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
