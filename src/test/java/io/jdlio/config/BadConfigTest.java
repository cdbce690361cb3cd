package io.jdlio.config;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
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
    /** A valid workload; each case below sets one thing wrong in it. */
    private static TestYaml ok() {
        return TestYaml.workload()
                .set("framework", "pytorch")
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 8)
                .set("reader.data_loader", "pytorch")
                .set("reader.batch_size", 2);
    }

    private static final String OK = ok().text();

    public static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("wrong type", ok().set("train.epochs", "three"), "train.epochs", "\"three\"", "whole number"),
                bad("unknown format", ok().set("dataset.format", "npzz"), "dataset.format", "\"npzz\"", "one of"),
                bad("negative count", ok().set("dataset.num_files_train", -4), "dataset.num_files_train", "-4"),
                bad("YAML syntax error", "dataset:\n  format: npz\n   bad: [1, 2\n", "syntax error", "line"),
                bad("zero batch", ok().set("reader.batch_size", 0), "reader.batch_size", "at least 1"),
                bad("bad time type", ok().set("train.computation_time", "fast"), "train.computation_time", "\"fast\""),
                bad("unknown distribution", ok().set("train.computation_time", "{type: weibull}"),
                        "computation_time.type", "weibull"),
                bad("framework/loader mismatch", ok().set("framework", "tensorflow"), "reader.data_loader", "pytorch"),
                bad("tfrecord with pytorch", ok().set("dataset.format", "tfrecord"), "reader.data_loader", "tfrecord"),
                bad("jpeg with 3 dims", ok().set("dataset.format", "jpeg").set("dataset.record_dims", List.of(2, 3, 4)),
                        "does not support more than 2 dimensions, but got 3 dimensions."),
                bad("record_dims with stdev", ok().set("dataset.record_dims", List.of(4, 4))
                        .set("dataset.record_length_bytes_stdev", 10), "record_length_bytes_stdev"),
                bad("more reads than writes", ok().set("checkpoint.num_checkpoints_write", 2)
                        .set("checkpoint.num_checkpoints_read", 5), "checkpoint.num_checkpoints_read", "5"),
                bad("zero stage 5", ok().set("model.parallelism.zero_stage", 5), "zero_stage", "5"),
                bad("ZeRO-3 with pipeline", ok().set("model.parallelism.pipeline", 2)
                        .set("model.parallelism.zero_stage", 3), "zero_stage", "pipeline"),
                bad("subset without data", ok().set("checkpoint.mode", "subset"), "model.parallelism.data"),
                bad("au as percent", ok().set("metric.au", 90), "metric.au", "90"),
                bad("hdf5_opt", ok().set("dataset.format", "hdf5_opt"), "dataset.format", "hdf5_opt"),
                bad("parquet with xz", ok().set("dataset.format", "parquet").set("dataset.compression", "xz"),
                        "dataset.compression", "snappy"),
                bad("parquet dtype typo", ok().set("dataset.format", "parquet")
                        .set("dataset.parquet.columns", "[{name: a, dtype: flaot32}]"),
                        "dataset.parquet.columns[0].dtype", "flaot32", "float32"),
                bad("parquet column twice", ok().set("dataset.format", "parquet")
                        .set("dataset.parquet.columns", "[{name: a}, {name: a}]"), "dataset.parquet.columns[1].name"),
                bad("parquet sample over 2 GiB", ok().set("dataset.format", "parquet")
                        .set("dataset.record_length_bytes", 3000000000L), "dataset.record_length_bytes", "declare columns"),
                bad("parquet empty row groups", ok().set("dataset.format", "parquet")
                        .set("dataset.parquet.row_group_size", 0), "dataset.parquet.row_group_size", "at least 1"),
                bad("parallel_fs", ok().set("storage.storage_type", "parallel_fs"), "storage.storage_type"),
                bad("not a mapping", "- a\n- b\n", "mapping"),
                bad("empty file", "", "empty"),
                bad("boolean expected", ok().set("workflow.train", "maybe"), "workflow.train", "\"maybe\"",
                        "true or false"),
                bad("record_dims not divisible", ok().set("dataset.record_dims", List.of(3, 4))
                        .set("dataset.hdf5.num_dset_per_record", 2), "dataset.record_dims"),
                bad("ksm with random tensors", ok().set("checkpoint.ksm", "{}"), "checkpoint.ksm"),
                bad("num_layers below pipeline", ok().set("model.num_layers", 2).set("model.parallelism.pipeline", 4),
                        "model.num_layers"),
                bad("section is a scalar", ok().set("train", 5), "train", "section"),
                bad("odirect for a mapped format", ok().set("dataset.format", "mmap_indexed_binary")
                        .set("reader.odirect", true), "reader.odirect", "mmap_indexed_binary", "indexed_binary"),
                bad("direct:// for a mapped format", ok().set("dataset.format", "mmap_indexed_binary")
                        .set("dataset.data_folder", "direct:///tmp/d"), "dataset.data_folder", "direct://",
                        "mmap_indexed_binary"),
                // issue 8 case 2: a step that only sleeps until JMH's timeout
                bad("infinite computation time", ok().set("train.computation_time", ".inf"),
                        "train.computation_time", "finite"),
                bad("absurd computation time", ok().set("train.computation_time", "1e300"),
                        "train.computation_time", "1.0E300", "at most 3600 seconds"),
                bad("absurd eval time", ok().set("evaluation.eval_time", 7200), "evaluation.eval_time", "7200", "3600"),
                bad("absurd preprocess mean", ok().set("reader.preprocess_time", "{mean: 1e9, stdev: 0}"),
                        "reader.preprocess_time", "3600"),
                bad("absurd computation stdev", ok().set("train.computation_time", 0.1)
                        .set("train.computation_time_stdev", "1e9"), "train.computation_time_stdev", "3600"),
                bad("absurd uniform max", ok().set("train.computation_time", "{type: uniform, min: 0, max: 1e7}"),
                        "train.computation_time", "3600"),
                bad("negative exponential scale", ok().set("train.computation_time", "{type: exponential, scale: -1}"),
                        "train.computation_time", "0 or more"),
                bad("absurd checkpoint pause", ok().set("checkpoint.time_between_checkpoints", "1e300"),
                        "checkpoint.time_between_checkpoints", "3600"),
                // issue 8 case 11: .nan and .inf are no sizes or durations, wherever a number is read
                bad("nan computation time", ok().set("train.computation_time", ".nan"),
                        "train.computation_time", "NaN", "finite"),
                bad("nan time mean", ok().set("train.computation_time.mean", ".nan"),
                        "train.computation_time.mean", "finite"),
                bad("infinite stdev", ok().set("dataset.record_length_bytes_stdev", ".inf"),
                        "dataset.record_length_bytes_stdev", "Infinity", "finite"),
                bad("nan record length", ok().set("dataset.record_length_bytes", ".nan"),
                        "dataset.record_length_bytes", "finite"),
                bad("infinite resize", ok().set("dataset.record_length_bytes_resize", "-.inf"),
                        "dataset.record_length_bytes_resize", "finite"),
                bad("nan au", ok().set("metric.au", ".nan"), "metric.au"),
                bad("nan whole number", ok().set("train.epochs", ".nan"), "train.epochs", "whole number"),
                bad("negative transfer size", ok().set("reader.transfer_size", -1), "reader.transfer_size", "0 or more"),
                bad("sample of 1e300 bytes", ok().set("dataset.record_length_bytes", "1e300"),
                        "dataset.record_length_bytes", "1 PiB"),
                bad("more files than a plan holds", ok().set("dataset.num_files_train", 2000000000),
                        "dataset.num_files_train", "at most 1,073,741,819 files"),
                bad("negative layer parameters", ok().set("model.layer_parameters", List.of(10, -5)),
                        "model.layer_parameters", "non-negative"),
                bad("no attention heads", ok().set("model.transformer.num_attention_heads", 0),
                        "model.transformer.num_attention_heads", "at least 1"),
                // issue 8 case 10: no epochs is no run
                bad("zero epochs", ok().set("train.epochs", 0), "train.epochs", "at least 1"),
                // issue 8 case 21: a second section would silently replace the first; the text is the case here
                bad("duplicate section", OK + "train:\n  computation_time: 0.5\nmodel:\n  name: x\ntrain:\n  epochs: 2\n",
                        "'train'", "line 8", "line 12", "keep only the one at line 12"),
                bad("duplicate nested key", OK + "  batch_size: 4\n", "'reader.batch_size'", "line 7", "line 8"));
    }

    private static Arguments bad(String kind, TestYaml yaml, String... mustContain) {
        return bad(kind, yaml.text(), mustContain);
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
                Arguments.of("total_training_steps too large", ok().set("train.total_training_steps", 9).text(), 1,
                        "train.total_training_steps"),
                Arguments.of("zero accelerators", OK, 0, "accelerators"),
                // issue 8 case 10: a training run of no files or no steps would report zeros
                Arguments.of("no training files", ok().set("dataset.num_files_train", 0).text(), 1,
                        "dataset.num_files_train = 0"),
                Arguments.of("evaluation without files", ok().set("workflow.evaluation", true).text(), 1,
                        "dataset.num_files_eval = 0"),
                Arguments.of("evaluation of no step", ok().set("dataset.num_files_eval", 1)
                        .set("reader.batch_size_eval", 4).set("workflow.evaluation", true).text(), 1,
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
