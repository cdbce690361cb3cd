package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.TestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The [METRIC] block has DLIO's Eval lines, and a trial leaves it with its output folder for the launcher to
 * print after JMH's table, once per folder.
 */
class EndOfRunTest {
    @TempDir
    Path dir;

    private Path trainWithEvaluation() throws Exception {
        return TestYaml.training(dir)
                .set("model.name", "evaluated")
                .set("workflow.evaluation", true)
                .set("dataset.num_files_eval", 4)
                .set("reader.batch_size_eval", 1)
                .remove("reader.read_threads")
                .set("train.epochs", 2)
                .set("train.computation_time", 0.002)
                .set("evaluation.eval_time", 0.001)
                .writeTo(dir.resolve("w.yaml"));
    }

    @Test
    void theMetricBlockHasDliosEvalLinesWithSummaryFigures() throws Exception {
        String metric;
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(trainWithEvaluation().toString(), "", 1))) {
            s.ensureDataset(null);
            s.runEpoch(true);
            s.runEpoch(true);
            s.writeOutputs();
            metric = s.report().metricLines();
        }
        JsonNode m = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile()).get("metric");
        assertTrue(metric.contains(String.format(Locale.ROOT, "[METRIC] Eval Accelerator Utilization [AU] (%%): %.4f (%.4f)%n",
                m.get("eval_au_mean_percentage").asDouble(), m.get("eval_au_stdev_percentage").asDouble())), metric);
        assertTrue(metric.contains(String.format(Locale.ROOT, "[METRIC] Eval Throughput (samples/second): %.6f (%.6f)%n",
                m.get("eval_throughput_mean_samples_per_second").asDouble(),
                m.get("eval_throughput_stdev_samples_per_second").asDouble())), metric);
        assertTrue(metric.contains(String.format(Locale.ROOT, "[METRIC] Eval Throughput (MB/second): %.6f (%.6f)%n",
                m.get("eval_io_mean_MB_per_second").asDouble(), m.get("eval_io_stdev_MB_per_second").asDouble())),
                metric);
        assertTrue(metric.contains("[METRIC] eval_au_meet_expectation: " + m.get("eval_au_meet_expectation").asText()),
                metric);
        // DLIO's order: training's lines, then evaluation's
        assertTrue(metric.indexOf("train_au_meet_expectation") < metric.indexOf("[METRIC] Eval Accelerator"), metric);
        // and the DLIO log ends with the same block, which is where the launcher reads it
        assertTrue(Files.readString(dir.resolve("out/dlio.log")).endsWith(metric));
    }

    @Test
    void collectedResultsPrintOncePerFolderAsTheLastTrialLeftIt() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("out"));
        Files.writeString(folder.resolve("dlio.log"), "[OUTPUT] x Starting epoch 1\n"
                + "[OUTPUT] Averaged metric over all steps/epochs\n[METRIC] ====\n[METRIC] Checkpoint Load ok\n"
                + "[METRIC] ====\n");
        Path results = dir.resolve("results.txt");
        System.setProperty(EndOfRun.PROPERTY, results.toString());
        try {
            EndOfRun.report(folder, "dlio.log", List.of("checkpoints: in /c"));
            EndOfRun.report(folder, "dlio.log", List.of("checkpoints: in /c"));
        } finally {
            System.clearProperty(EndOfRun.PROPERTY);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EndOfRun.printCollected(results, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\n[METRIC] ====\n[METRIC] Checkpoint Load ok\n[METRIC] ====\n[jdlio] checkpoints: in /c\n"
                + "[jdlio] DLIO outputs: " + folder.toAbsolutePath().normalize() + "\n", out);
        assertFalse(out.contains("Starting epoch"), out);
    }
}
