package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.TestYaml;
import io.jdlio.metrics.EpochFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains a small workload on two accelerators with evaluation, then reads the DLIO files it wrote with an
 * independent JSON parser: shapes match DLIO's reference outputs and every reported AU and throughput follows
 * from the per-step lists.
 */
class TrainingSessionTest {
    /** The keys of DLIO's own output files, values removed (see its README). */
    private static final Path DLIO_SHAPES = Path.of("src", "test", "resources", "dlio-shapes");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FILES = 24;
    private static final int BATCH = 3;

    @TempDir
    Path dir;

    private Path yaml() throws Exception {
        return TestYaml.training(dir)
                .set("workflow.evaluation", true)
                .set("dataset.num_files_train", FILES)
                .set("dataset.num_files_eval", 4)
                .set("dataset.record_length_bytes", 65536)
                .set("dataset.record_length_bytes_stdev", 16384)
                .set("dataset.num_subfolders_train", 3)
                .set("reader.batch_size", BATCH)
                .set("reader.batch_size_eval", 2)
                .set("reader.read_threads", 2)
                .set("reader.file_shuffle", "seed")
                .set("reader.sample_shuffle", "seed")
                .set("train.epochs", 2)
                .set("train.computation_time", 0.004)
                .set("evaluation.eval_time", 0.002)
                .writeTo(dir.resolve("tiny.yaml"));
    }

    @Test
    void writesDlioOutputsWhoseFiguresFollowFromTheSteps() throws Exception {
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml().toString(), "", 2))) {
            s.ensureDataset(null);
            s.runEpoch(false);
            EpochFigures first = s.runEpoch(true);
            s.runEpoch(true);
            assertTrue(first.auPercent() > 0 && first.auPercent() <= 100, first::toString);
            long expected = 0;
            io.jdlio.plan.DatasetPlan plan = s.plan().dataset();
            io.jdlio.format.NpzFormat npz = new io.jdlio.format.NpzFormat();
            for (int i = 0; i < FILES; i++) {
                long size = npz.fileSize(Datasets.spec(plan, io.jdlio.plan.Split.TRAIN, i));
                // once per epoch: the ZIP end record and directory, x.npy's local header, its NPY header and data
                expected += Math.min(size, 512) + 30 + 128 + plan.payloadBytes(io.jdlio.plan.Split.TRAIN, i);
            }
            assertEquals(expected, first.bytesRead());
            s.writeOutputs();
        }
        Path out = dir.resolve("out");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        JsonNode reference = JSON.readTree(DLIO_SHAPES.resolve("train_eval_ckpt/summary.json").toFile());
        assertKeysPresent(reference, summary, "checkpoint");
        assertKeysPresent(reference.get("metric"), summary.get("metric"), "checkpoint");
        assertEquals(2, summary.get("epochs").asInt());

        int steps = FILES / (BATCH * 2);
        double[] au = new double[2];
        double[] thr = new double[2];
        for (int rank = 0; rank < 2; rank++) {
            JsonNode ranks = JSON.readTree(out.resolve(rank + "_output.json").toFile());
            JsonNode stats = JSON.readTree(out.resolve(rank + "_per_epoch_stats.json").toFile());
            assertKeysPresent(JSON.readTree(DLIO_SHAPES.resolve("train_eval_ckpt/0_output.json")
                    .toFile()).get("1"), ranks.get("1"), "block2", "block3");
            for (int e = 1; e <= 2; e++) {
                JsonNode epoch = ranks.get(String.valueOf(e));
                JsonNode compute = epoch.get("compute").get("block1");
                assertEquals(steps, compute.size());
                assertEquals(4 / 2 / 2, epoch.get("compute").get("eval").size());
                double counted = 0;
                for (int i = 1; i < compute.size(); i++) {
                    counted += compute.get(i).asDouble();
                }
                double blockAu = epoch.get("au").get("block1").asDouble();
                double blockThr = epoch.get("throughput").get("block1").asDouble();
                // t = (steps - 1) * batch / throughput; AU must then be 100 * counted compute / t
                double t = (steps - 1) * BATCH / blockThr;
                assertEquals(100 * counted / t, blockAu, 1e-6 * blockAu);
                double proc = 0;
                for (int i = 1; i < steps; i++) {
                    proc += epoch.get("proc").get("block1").get(i).asDouble();
                }
                assertTrue(t >= proc - 1e-6, "the counted window holds its steps: " + t + " < " + proc);
                double shown = Double.parseDouble(stats.get(String.valueOf(e)).get("block1").get("duration").asText());
                double first = epoch.get("proc").get("block1").get(0).asDouble();
                assertEquals(shown, t + first, 0.0051 + 0.002, "per_epoch_stats block duration agrees");
                au[e - 1] += blockAu / 2;
                thr[e - 1] += blockThr;
            }
        }
        JsonNode metric = summary.get("metric");
        for (int e = 0; e < 2; e++) {
            assertEquals(au[e], metric.get("train_au_percentage").get(e).asDouble(), 1e-9);
            assertEquals(thr[e], metric.get("train_throughput_samples_per_second").get(e).asDouble(), 1e-9);
        }
        double meanThr = (thr[0] + thr[1]) / 2;
        assertEquals((au[0] + au[1]) / 2, metric.get("train_au_mean_percentage").asDouble(), 1e-9);
        assertEquals(Math.abs(au[0] - au[1]) / 2, metric.get("train_au_stdev_percentage").asDouble(), 1e-9);
        assertEquals(meanThr, metric.get("train_throughput_mean_samples_per_second").asDouble(), 1e-9);
        assertEquals(meanThr * 65536 / 1048576, metric.get("train_io_mean_MB_per_second").asDouble(), 1e-9);
        assertTrue(Files.readString(out.resolve("config.yaml")).contains("num_files_train: " + FILES));
    }

    private static void assertKeysPresent(JsonNode reference, JsonNode actual, String... except) {
        Set<String> missing = new HashSet<>();
        for (Iterator<String> it = reference.fieldNames(); it.hasNext();) {
            String k = it.next();
            boolean skip = false;
            for (String x : except) {
                skip |= k.contains(x);
            }
            if (!skip && !actual.has(k)) {
                missing.add(k);
            }
        }
        assertTrue(missing.isEmpty(), () -> "keys DLIO writes but jdlio does not: " + missing);
    }
}
