package io.jdlio.config;

import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * DLIO's own validations (docs/config-keys.md) that depend on the config alone, plus the range checks DLIO leaves to a
 * crash later. Checks that need the accelerator count live with the plan.
 */
final class WorkloadValidator {
    private static final double MAX_SAMPLE_BYTES = 0x1p50;
    private static final long MAX_FILES = (Integer.MAX_VALUE - 8) / 2;
    /** The scheme of O_DIRECT storage (storage.DirectStorage), in storage_root or data_folder. */
    private static final String DIRECT = "direct://";

    /** The formats' own checks, found once; none found means a jar built without its service file. */
    private static final List<DatasetRules> DATASET_RULES = ServiceLoader.load(DatasetRules.class,
            WorkloadValidator.class.getClassLoader()).stream().map(ServiceLoader.Provider::get).toList();

    private WorkloadValidator() {
    }

    /** {@code given}: the key paths the file and the overrides set, to tell a default from a choice. */
    static void validate(Workload w, Set<String> given) {
        String src = w.source();
        if (DATASET_RULES.isEmpty()) {
            throw new IllegalStateException("no " + DatasetRules.class.getName() + " service on the class path: "
                    + "the formats' checks of dataset keys would be skipped; rebuild the jar with its resources");
        }
        DatasetConfig d = w.dataset();
        ReaderConfig r = w.reader();
        ModelConfig m = w.model();
        CheckpointConfig c = w.checkpoint();

        atLeast(src, "dataset.num_files_train", d.numFilesTrain(), 0);
        atLeast(src, "dataset.num_files_eval", d.numFilesEval(), 0);
        atLeast(src, "dataset.num_samples_per_file", d.numSamplesPerFile(), 1);
        atLeast(src, "dataset.num_subfolders_train", d.numSubfoldersTrain(), 0);
        atLeast(src, "dataset.num_subfolders_eval", d.numSubfoldersEval(), 0);
        if (d.recordDims().isEmpty() && !(d.recordLengthBytes() >= 1)) {
            throw fail(src, "dataset.record_length_bytes", d.recordLengthBytes(), "at least 1 byte");
        }
        // beyond this, sizes summed over files leave 64 bits; no sample is a petabyte
        for (String key : List.of("record_length_bytes", "record_length_bytes_stdev", "record_length_bytes_resize")) {
            double v = key.endsWith("stdev") ? d.recordLengthBytesStdev() : key.endsWith("resize")
                    ? d.recordLengthBytesResize() : d.recordLengthBytes();
            if (v > MAX_SAMPLE_BYTES) {
                throw fail(src, "dataset." + key, v, "at most 2^50 bytes (1 PiB) per sample");
            }
        }
        if (d.recordLengthBytesStdev() < 0) {
            throw fail(src, "dataset.record_length_bytes_stdev", d.recordLengthBytesStdev(), "0 or more");
        }
        if (d.recordLengthBytesResize() < 0) {
            throw fail(src, "dataset.record_length_bytes_resize", d.recordLengthBytesResize(), "0 or more");
        }
        if (d.format() == DataFormat.HDF5_OPT) {
            throw fail(src, "dataset.format", "hdf5_opt", "a format DLIO can generate and read "
                    + "(DLIO has no generator or reader for hdf5_opt; use hdf5)");
        }
        for (int dim : d.recordDims()) {
            if (dim < 1) {
                throw fail(src, "dataset.record_dims", d.recordDims(), "dimensions of at least 1");
            }
        }
        atLeast(src, "dataset.hdf5.num_dset_per_record", d.hdf5().numDsetPerRecord(), 1);
        // DLIO: record_dims[0] must divide by hdf5.num_dset_per_record
        if (!d.recordDims().isEmpty() && d.recordDims().get(0) % d.hdf5().numDsetPerRecord() != 0) {
            throw fail(src, "dataset.record_dims", d.recordDims(), "a first dimension divisible by "
                    + "dataset.hdf5.num_dset_per_record (" + d.hdf5().numDsetPerRecord() + ")");
        }
        // DLIO: record_dims fix every sample's size, so no stdev beside them
        if (!d.recordDims().isEmpty() && d.recordLengthBytesStdev() > 0) {
            throw fail(src, "dataset.record_length_bytes_stdev", d.recordLengthBytesStdev(),
                    "0 when dataset.record_dims is set (the dims fix every sample's size)");
        }
        // what the format itself allows: its compressions, its options, its sample shapes
        for (DatasetRules rules : DATASET_RULES) {
            rules.check(src, d);
        }
        if (d.compressionLevel() < 0 || d.compressionLevel() > 9 && d.compression() == Compression.GZIP) {
            throw fail(src, "dataset.compression_level", d.compressionLevel(), "a level from 0 to 9");
        }
        if (d.generationBufferSize() < 1) {
            throw fail(src, "dataset.generation_buffer_size", d.generationBufferSize(), "at least 1 byte");
        }
        if (d.dedupePercentage() < 0 || d.dedupePercentage() > 100) {
            throw fail(src, "dataset.dedupe_percentage", d.dedupePercentage(), "a percentage from 0 to 100");
        }
        if (d.bufferCompressPercentage() < 0 || d.bufferCompressPercentage() > 100) {
            throw fail(src, "dataset.buffer_compress_percentage", d.bufferCompressPercentage(),
                    "a percentage from 0 to 100");
        }

        atLeast(src, "reader.batch_size", r.batchSize(), 1);
        atLeast(src, "reader.batch_size_eval", r.batchSizeEval(), 1);
        atLeast(src, "reader.read_threads", r.readThreads(), 0);
        atLeast(src, "reader.computation_threads", r.computationThreads(), 1);
        atLeast(src, "reader.prefetch_size", r.prefetchSize(), 0);
        atLeast(src, "reader.shuffle_size", r.shuffleSize(), 1);
        atLeast(src, "reader.transfer_size", r.transferSize(), 0);
        // DLIO: loader, format and framework must agree, only where a dataset is used (checkpoint-only configs
        // have no reader section); DLIO checks only a loader the file names: its unset default passes every rule
        boolean usesData = w.workflow().train() || w.workflow().generateData();
        boolean loaderGiven = given.contains("reader.data_loader");
        if (usesData && loaderGiven && d.format() == DataFormat.TFRECORD && r.dataLoader() == DataLoaderKind.PYTORCH) {
            throw fail(src, "reader.data_loader", "pytorch", "tensorflow for the tfrecord format "
                    + "(DLIO rejects tfrecord with the pytorch loader)" + (given.contains("dataset.format") ? ""
                    : "; tfrecord is DLIO's default dataset.format, which the file does not set"));
        }
        if (usesData && loaderGiven && (w.framework() == Framework.TENSORFLOW && r.dataLoader() == DataLoaderKind.PYTORCH
                || w.framework() == Framework.PYTORCH && r.dataLoader() == DataLoaderKind.TENSORFLOW)) {
            throw fail(src, "reader.data_loader", r.dataLoader().yamlName(), "a loader of the framework "
                    + w.framework().yamlName() + " (framework and data_loader disagree)"
                    + (given.contains("framework") ? "" : "; tensorflow is DLIO's default framework, which "
                    + "the file does not set"));
        }
        // DLIO: a custom loader names its sampler
        if (r.dataLoader() == DataLoaderKind.CUSTOM && r.sampler() == null) {
            throw fail(src, "reader.data_loader_sampler", null, "iterative or index with a custom data loader");
        }
        // every other format reads through positional reads that O_DIRECT serves in aligned blocks; a mapping
        // reads through the page cache whatever the file was opened with
        if (usesData && d.format() == DataFormat.MMAP_INDEXED_BINARY) {
            String why = " (it maps its files, and a mapped file is read through the page cache): "
                    + "use dataset.format indexed_binary for O_DIRECT";
            if (r.odirect()) {
                throw fail(src, "reader.odirect", true, "false for mmap_indexed_binary" + why);
            }
            if (w.storage().storageRoot() != null && w.storage().storageRoot().startsWith(DIRECT)) {
                throw fail(src, "storage.storage_root", w.storage().storageRoot(),
                        "a path without direct:// for mmap_indexed_binary" + why);
            }
            if (d.dataFolder() != null && d.dataFolder().startsWith(DIRECT)) {
                throw fail(src, "dataset.data_folder", d.dataFolder(),
                        "a path without direct:// for mmap_indexed_binary" + why);
            }
        }
        FolderChecks.check(w, usesData);
        // the plan draws two dimensions per file into one int array
        long files = (long) d.numFilesTrain() + d.numFilesEval();
        if (usesData && files > MAX_FILES) {
            throw fail(src, "dataset.num_files_train", d.numFilesTrain(), String.format(java.util.Locale.ROOT,
                    "at most %,d files with dataset.num_files_eval (%,d)", MAX_FILES, d.numFilesEval()));
        }
        int cores = Runtime.getRuntime().availableProcessors();
        if (r.readThreads() > cores) {
            w.notices().warn(src + ": reader.read_threads = " + r.readThreads() + " is more than the "
                    + cores + " cores here; readers will share cores");
        }

        atLeast(src, "train.epochs", w.train().epochs(), 1);
        atLeast(src, "evaluation.eval_after_epoch", w.evaluation().evalAfterEpoch(), 1);
        atLeast(src, "evaluation.epochs_between_evals", w.evaluation().epochsBetweenEvals(), 1);
        atLeast(src, "output.metric.exclude_start_steps", w.output().excludeStartSteps(), 0);
        atLeast(src, "output.metric.exclude_end_steps", w.output().excludeEndSteps(), 0);
        if (!(w.metricAu() > 0 && w.metricAu() <= 1)) {
            throw fail(src, "metric.au", w.metricAu(), "a fraction in (0, 1], e.g. 0.90 for 90%");
        }

        ModelConfig.Parallelism p = m.parallelism();
        atLeast(src, "model.parallelism.tensor", p.tensor(), 1);
        atLeast(src, "model.parallelism.pipeline", p.pipeline(), 1);
        if (p.zeroStage() < 0 || p.zeroStage() > 3) {
            throw fail(src, "model.parallelism.zero_stage", p.zeroStage(), "0, 1, 2 or 3");
        }
        ModelConfig.Transformer t = m.transformer();
        atLeast(src, "model.transformer.vocab_size", t.vocabSize(), 1);
        atLeast(src, "model.transformer.hidden_size", t.hiddenSize(), 1);
        atLeast(src, "model.transformer.ffn_hidden_size", t.ffnHiddenSize(), 1);
        atLeast(src, "model.transformer.num_attention_heads", t.numAttentionHeads(), 1);
        atLeast(src, "model.transformer.num_kv_heads", t.numKvHeads(), 1);
        if (m.modelSizeBytes() < 0) {
            throw fail(src, "model.model_size_bytes", m.modelSizeBytes(), "0 or more");
        }
        // DLIO: layers vs pipeline stages, ZeRO-3 vs pipeline, data parallelism vs checkpoint.mode
        if (m.numLayers() > 0 && m.numLayers() < p.pipeline()) {
            throw fail(src, "model.num_layers", m.numLayers(), "at least model.parallelism.pipeline ("
                    + p.pipeline() + ") layers");
        }
        if (p.pipeline() > 1 && p.zeroStage() == 3) {
            throw fail(src, "model.parallelism.zero_stage", 3, "0, 1 or 2 with pipeline parallelism "
                    + "(ZeRO-3 needs pipeline 1)");
        }
        if (c.mode() == CheckpointMode.SUBSET && p.data() <= 0) {
            throw fail(src, "model.parallelism.data", p.data(), "the data-parallel size of the full job "
                    + "(> 0) in checkpoint.mode subset");
        }
        if (c.mode() == CheckpointMode.DEFAULT && p.data() > 0) {
            w.notices().note("model.parallelism.data = " + p.data() + " in checkpoint.mode default: jdlio "
                    + "derives data parallelism from the accelerator count instead (DLIO rejects the key here)");
        }
        // DLIO: no more reads than writes; KSM only with identical (non-random) tensors
        if (c.numCheckpointsWrite() > 0 && c.numCheckpointsRead() > c.numCheckpointsWrite()) {
            throw fail(src, "checkpoint.num_checkpoints_read", c.numCheckpointsRead(), "at most "
                    + "checkpoint.num_checkpoints_write (" + c.numCheckpointsWrite() + ")");
        }
        if (c.ksm() && c.randomizeTensor()) {
            throw fail(src, "checkpoint.ksm", "present", "checkpoint.randomize_tensor: False alongside it "
                    + "(KSM merges identical pages only)");
        }
        atLeast(src, "checkpoint.epochs_between_checkpoints", c.epochsBetweenCheckpoints(), 1);
        if (c.timeBetweenCheckpoints() > TimeSpec.MAX_SECONDS) {
            throw fail(src, "checkpoint.time_between_checkpoints", c.timeBetweenCheckpoints(), Section.tooLong());
        }

        StorageConfig s = w.storage();
        if (s.storageType() == StorageType.PARALLEL_FS) {
            throw fail(src, "storage.storage_type", "parallel_fs", "local_fs (DLIO does not implement "
                    + "parallel_fs either; a parallel file system mounted locally is local_fs)");
        }
        // credentials may come from the environment, a .env file or the SDK's chain, not only from the YAML
        if ((s.storageType() == StorageType.S3 || s.storageType() == StorageType.AISTORE)
                && w.framework() == Framework.PYTORCH && w.workflow().train()
                && d.format() != DataFormat.NPZ && d.format() != DataFormat.NPY) {
            w.notices().warn(src + ": dataset.format " + d.format().yamlName() + " on object storage: upstream DLIO "
                    + "reads only npz and npy from S3 with pytorch; the MLCommons fork and jdlio read every format");
        }
    }

    private static void atLeast(String src, String key, long value, long min) {
        if (value < min) {
            throw fail(src, key, value, min == 0 ? "0 or more" : "at least " + min);
        }
    }

    private static ConfigException fail(String src, String key, Object value, String expected) {
        return ConfigException.expected(src, key, value, expected);
    }
}
