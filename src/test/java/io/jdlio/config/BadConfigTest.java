package io.jdlio.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each kind of bad config fails with one ConfigException whose message names what is wrong: the file, the
 * key path, and the value or what was expected.
 */
public class BadConfigTest {
    private static final String OK = "framework: pytorch\ndataset:\n  format: npz\n  num_files_train: 8\n"
            + "reader:\n  data_loader: pytorch\n  batch_size: 2\n";

    public static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("wrong type", OK + "train:\n  epochs: three\n", "train.epochs", "\"three\"", "whole number"),
                bad("unknown format", OK.replace("npz", "npzz"), "dataset.format", "\"npzz\"", "one of"),
                bad("negative count", OK.replace("num_files_train: 8", "num_files_train: -4"),
                        "dataset.num_files_train", "-4"),
                bad("YAML syntax error", "dataset:\n  format: npz\n   bad: [1, 2\n", "syntax error", "line"),
                bad("zero batch", OK.replace("batch_size: 2", "batch_size: 0"), "reader.batch_size", "at least 1"),
                bad("bad time type", OK + "train:\n  computation_time: fast\n", "train.computation_time", "\"fast\""),
                bad("unknown distribution", OK + "train:\n  computation_time: {type: weibull}\n",
                        "computation_time.type", "weibull"),
                bad("framework/loader mismatch", OK.replace("framework: pytorch", "framework: tensorflow"),
                        "reader.data_loader", "pytorch"),
                bad("tfrecord with pytorch", OK.replace("npz", "tfrecord"), "reader.data_loader", "tfrecord"),
                bad("jpeg with 3 dims", OK.replace("format: npz", "format: jpeg\n  record_dims: [2, 3, 4]"),
                        "does not support more than 2 dimensions, but got 3 dimensions."),
                bad("record_dims with stdev", OK.replace("format: npz", "format: npz\n  record_dims: [4, 4]\n  record_length_bytes_stdev: 10"),
                        "record_length_bytes_stdev"),
                bad("more reads than writes", OK + "checkpoint:\n  num_checkpoints_write: 2\n  num_checkpoints_read: 5\n",
                        "checkpoint.num_checkpoints_read", "5"),
                bad("zero stage 5", OK + "model:\n  parallelism:\n    zero_stage: 5\n", "zero_stage", "5"),
                bad("ZeRO-3 with pipeline", OK + "model:\n  parallelism:\n    pipeline: 2\n    zero_stage: 3\n",
                        "zero_stage", "pipeline"),
                bad("subset without data", OK + "checkpoint:\n  mode: subset\n", "model.parallelism.data"),
                bad("au as percent", OK + "metric:\n  au: 90\n", "metric.au", "90"),
                bad("hdf5_opt", OK.replace("npz", "hdf5_opt"), "dataset.format", "hdf5_opt"),
                bad("parquet with xz", OK.replace("format: npz", "format: parquet\n  compression: xz"),
                        "dataset.compression", "snappy"),
                bad("parquet dtype typo", OK.replace("format: npz", "format: parquet\n  parquet:\n    columns:\n"
                        + "      - {name: a, dtype: flaot32}"), "dataset.parquet.columns[0].dtype", "flaot32", "float32"),
                bad("parquet column twice", OK.replace("format: npz", "format: parquet\n  parquet:\n    columns:\n"
                        + "      - {name: a}\n      - {name: a}"), "dataset.parquet.columns[1].name"),
                bad("parquet sample over 2 GiB", OK.replace("format: npz", "format: parquet\n"
                        + "  record_length_bytes: 3000000000"), "dataset.record_length_bytes", "declare columns"),
                bad("parquet empty row groups", OK.replace("format: npz", "format: parquet\n  parquet:\n"
                        + "    row_group_size: 0"), "dataset.parquet.row_group_size", "at least 1"),
                bad("parallel_fs", OK + "storage:\n  storage_type: parallel_fs\n", "storage.storage_type"),
                bad("s3 without keys", OK + "storage:\n  storage_type: s3\n",
                        "storage.storage_options.access_key_id"),
                bad("not a mapping", "- a\n- b\n", "mapping"),
                bad("empty file", "", "empty"),
                bad("boolean expected", OK + "workflow:\n  train: maybe\n", "workflow.train", "\"maybe\"",
                        "true or false"),
                bad("record_dims not divisible", OK.replace("format: npz", "format: npz\n  record_dims: [3, 4]\n  hdf5:\n    num_dset_per_record: 2"),
                        "dataset.record_dims"),
                bad("ksm with random tensors", OK + "checkpoint:\n  ksm: {}\n", "checkpoint.ksm"),
                bad("num_layers below pipeline", OK + "model:\n  num_layers: 2\n  parallelism:\n    pipeline: 4\n",
                        "model.num_layers"),
                bad("section is a scalar", OK + "train: 5\n", "train", "section"),
                bad("odirect for a mapped format", OK.replace("npz", "mmap_indexed_binary") + "  odirect: True\n",
                        "reader.odirect", "mmap_indexed_binary", "indexed_binary"),
                bad("direct:// for a mapped format", OK.replace("format: npz", "format: mmap_indexed_binary\n"
                        + "  data_folder: direct:///tmp/d"), "dataset.data_folder", "direct://", "mmap_indexed_binary"),
                // issue 8 case 2: a step that only sleeps until JMH's timeout
                bad("infinite computation time", OK + "train:\n  computation_time: .inf\n",
                        "train.computation_time", "finite"),
                bad("absurd computation time", OK + "train:\n  computation_time: 1e300\n",
                        "train.computation_time", "1.0E300", "at most 3600 seconds"),
                bad("absurd eval time", OK + "evaluation:\n  eval_time: 7200\n", "evaluation.eval_time", "7200",
                        "3600"),
                bad("absurd preprocess mean", OK + "  preprocess_time: {mean: 1e9, stdev: 0}\n",
                        "reader.preprocess_time", "3600"),
                bad("absurd computation stdev", OK + "train:\n  computation_time: 0.1\n  computation_time_stdev: 1e9\n",
                        "train.computation_time_stdev", "3600"),
                bad("absurd uniform max", OK + "train:\n  computation_time: {type: uniform, min: 0, max: 1e7}\n",
                        "train.computation_time", "3600"),
                bad("negative exponential scale", OK + "train:\n  computation_time: {type: exponential, scale: -1}\n",
                        "train.computation_time", "0 or more"),
                bad("absurd checkpoint pause", OK + "checkpoint:\n  time_between_checkpoints: 1e300\n",
                        "checkpoint.time_between_checkpoints", "3600"),
                // issue 8 case 11: .nan and .inf are no sizes or durations, wherever a number is read
                bad("nan computation time", OK + "train:\n  computation_time: .nan\n",
                        "train.computation_time", "NaN", "finite"),
                bad("nan time mean", OK + "train:\n  computation_time: {mean: .nan}\n",
                        "train.computation_time.mean", "finite"),
                bad("infinite stdev", OK.replace("format: npz", "format: npz\n  record_length_bytes_stdev: .inf"),
                        "dataset.record_length_bytes_stdev", "Infinity", "finite"),
                bad("nan record length", OK.replace("format: npz", "format: npz\n  record_length_bytes: .nan"),
                        "dataset.record_length_bytes", "finite"),
                bad("infinite resize", OK.replace("format: npz", "format: npz\n  record_length_bytes_resize: -.inf"),
                        "dataset.record_length_bytes_resize", "finite"),
                bad("nan au", OK + "metric:\n  au: .nan\n", "metric.au"),
                bad("nan whole number", OK + "train:\n  epochs: .nan\n", "train.epochs", "whole number"),
                bad("negative transfer size", OK + "  transfer_size: -1\n", "reader.transfer_size", "0 or more"),
                bad("sample of 1e300 bytes", OK.replace("format: npz", "format: npz\n  record_length_bytes: 1e300"),
                        "dataset.record_length_bytes", "1 PiB"),
                bad("more files than a plan holds", OK.replace("num_files_train: 8", "num_files_train: 2000000000"),
                        "dataset.num_files_train", "at most 1,073,741,819 files"),
                bad("negative layer parameters", OK + "model:\n  layer_parameters: [10, -5]\n",
                        "model.layer_parameters", "non-negative"),
                bad("no attention heads", OK + "model:\n  transformer:\n    num_attention_heads: 0\n",
                        "model.transformer.num_attention_heads", "at least 1"),
                // issue 8 case 10: no epochs is no run
                bad("zero epochs", OK + "train:\n  epochs: 0\n", "train.epochs", "at least 1"),
                // issue 8 case 21: a second section would silently replace the first
                bad("duplicate section", OK + "train:\n  computation_time: 0.5\nmodel:\n  name: x\ntrain:\n  epochs: 2\n",
                        "'train'", "line 8", "line 12", "keep only the one at line 12"),
                bad("duplicate nested key", OK + "  batch_size: 4\n", "'reader.batch_size'", "line 7", "line 8"));
    }

    private static Arguments bad(String kind, String yaml, String... mustContain) {
        return Arguments.of(kind, yaml, List.of(mustContain));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void failsWithOneClearMessage(String kind, String yaml, List<String> mustContain) {
        ConfigException e = assertThrows(ConfigException.class, () -> WorkloadLoader.parse("bad.yaml", yaml, List.of()));
        assertTrue(e.getMessage().startsWith("bad.yaml"), e::getMessage);
        assertTrue(!e.getMessage().contains("\n"), () -> "one line: " + e.getMessage());
        for (String s : mustContain) {
            assertTrue(e.getMessage().contains(s), () -> "'" + s + "' missing from: " + e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("planErrors")
    void planErrorsNameTheFix(String kind, String yaml, int accelerators, String mustContain) {
        Workload w = WorkloadLoader.parse("bad.yaml", yaml, List.of());
        ConfigException e = assertThrows(ConfigException.class,
                () -> new TrainingPlan(w, new DatasetPlan(w.dataset()), accelerators));
        assertTrue(e.getMessage().contains(mustContain), e::getMessage);
    }

    static Stream<Arguments> planErrors() {
        return Stream.of(
                Arguments.of("fewer samples than a step", OK, 8, "fewer than one step"),
                Arguments.of("total_training_steps too large", OK + "train:\n  total_training_steps: 9\n", 1,
                        "train.total_training_steps"),
                Arguments.of("zero accelerators", OK, 0, "accelerators"),
                // issue 8 case 10: a training run of no files or no steps would report zeros
                Arguments.of("no training files", OK.replace("num_files_train: 8", "num_files_train: 0"), 1,
                        "dataset.num_files_train = 0"),
                Arguments.of("evaluation without files", OK + "workflow:\n  evaluation: True\n", 1,
                        "dataset.num_files_eval = 0"),
                Arguments.of("evaluation of no step", OK.replace("num_files_train: 8", "num_files_train: 8\n"
                        + "  num_files_eval: 1") + "  batch_size_eval: 4\nworkflow:\n  evaluation: True\n", 1,
                        "reader.batch_size_eval 4"));
    }

    @org.junit.jupiter.api.Test
    void missingFileNamesItAndTheFix() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkloadLoader.load(Path.of("no/such/workload.yaml"), List.of()));
        assertTrue(e.getMessage().contains("no such file"), e::getMessage);
    }

    @org.junit.jupiter.api.Test
    void badOverrideNamesTheForm() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> WorkloadLoader.parse("ok.yaml", OK, List.of("dataset.num_files_train")));
        assertTrue(e.getMessage().contains("key=value"), e::getMessage);
    }
}
