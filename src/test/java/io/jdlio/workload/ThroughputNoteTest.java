package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.TestYaml;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DLIO's samples/s far from the wall clock's is kept, and the outputs say how far and why. */
class ThroughputNoteTest {
    @TempDir
    Path dir;

    @Test
    void withoutComputeDliosSamplesPerSecondIsExplainedBesideTheWallClocks() throws Exception {
        // unet3d_smoke's loader with no compute: 4 steps of 7 samples, 4 readers, each reading one batch at once
        Path yaml = TestYaml.training(dir)
                .set("model.name", "fast")
                .set("dataset.num_files_train", 28)
                .set("dataset.record_length_bytes", 1048576)
                .set("reader.batch_size", 7)
                .set("reader.read_threads", 4)
                .set("train.computation_time", 0)
                .writeTo(dir.resolve("w.yaml"));
        String metric;
        try (TrainingSession s = new TrainingSession(yaml.toString(), "", 1)) {
            s.ensureDataset(null);
            s.runEpoch(true);
            s.writeOutputs();
            metric = s.report().metricLines();
        }
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        double dlio = summary.get("metric").get("train_throughput_mean_samples_per_second").asDouble();
        double wall = summary.get("jdlio").get("train_wall_samples_per_second").get(0).asDouble();
        assertTrue(dlio > 2 * wall, "the case this is about: " + dlio + " vs " + wall);
        String notes = summary.get("jdlio").get("notes").toString();
        assertTrue(notes.contains("DLIO's training samples/s") && notes.contains("exclude_start_steps=1")
                && notes.contains("read-ahead"), notes);
        assertTrue(metric.contains("[WARNING] DLIO's training samples/s"), metric);
    }
}
