package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.TestYaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints inside training fire when DLIO's own tests say they do (docs/checkpoints.md, "When"). */
class TrainingCheckpointsTest {
    @TempDir
    Path dir;

    /** Eight epochs of {@code files} npy files in batches of {@code batch}, saving checkpoints to dir/ckpt. */
    private TestYaml workload(int files, int batch) {
        return TestYaml.training(dir)
                .remove("model.name")
                .set("workflow.checkpoint", true)
                .set("dataset.format", "npy")
                .set("dataset.num_files_train", files)
                .set("dataset.record_length_bytes", 1024)
                .set("reader.batch_size", batch)
                .set("train.epochs", 8)
                .set("checkpoint.checkpoint_folder", dir.resolve("ckpt"));
    }

    private Path yaml(TestYaml workload) {
        return workload.writeTo(dir.resolve("w.yaml"));
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            // the checkpoints themselves, not jdlio's ledger beside them
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".jdlio"))
                    .sorted().toList();
        }
    }

    private static List<String> folders(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".jdlio")).sorted().toList();
        }
    }

    private void train(Path yaml, int accelerators, int warmups, int epochs) throws IOException {
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", accelerators))) {
            s.ensureDataset(null);
            for (int i = 0; i < warmups; i++) {
                s.runEpoch(false);
            }
            for (int e = 0; e < epochs; e++) {
                s.runEpoch(true);
            }
            s.writeOutputs();
        }
    }

    @Test
    void epochCheckpointsWithLegacyTensorsGiveFourTimesThreeFilesPerRank() throws Exception {
        // test_checkpoint_epoch: 8 epochs, every 2 from epoch 1, tensor parallel = ranks, groups and layer params
        Path y = yaml(workload(16, 2).set("model.optimization_groups", List.of(1024, 2048))
                .set("model.layer_parameters", List.of(4096, 512)).set("model.parallelism.tensor", 2)
                .set("checkpoint.epochs_between_checkpoints", 2));
        train(y, 2, 1, 8);
        assertEquals(List.of("global_epoch1_step5", "global_epoch3_step5", "global_epoch5_step5", "global_epoch7_step5"),
                folders(dir.resolve("ckpt")), "warmups never save; named after step last + 1 as DLIO does");
        assertEquals(4 * 3 * 2, files(dir.resolve("ckpt")).size());
        JsonNode stats = new ObjectMapper().readTree(dir.resolve("out/1_per_epoch_stats.json").toFile());
        assertTrue(stats.get("3").has("save_ckpt1") && !stats.get("2").has("save_ckpt1"), stats::toString);
    }

    @Test
    void stepCheckpointsEveryTwoStepsSplitTheEpochIntoBlocks() throws Exception {
        // test_checkpoint_step: every 2 steps for 8 epochs -> (steps div 2) x 8 checkpoints, one file each on rank 0
        train(yaml(workload(12, 2).set("checkpoint.steps_between_checkpoints", 2)), 1, 0, 8);
        assertEquals(3 * 8, folders(dir.resolve("ckpt")).size());
        assertEquals(3 * 8, files(dir.resolve("ckpt")).size());
        assertTrue(Files.exists(dir.resolve("ckpt/global_epoch8_step6/model_states-0.pt")));
        JsonNode out = new ObjectMapper().readTree(dir.resolve("out/0_output.json").toFile()).get("1");
        assertEquals(List.of("block1", "block2", "block3"), fieldNames(out.get("compute")),
                "blocks of 2 steps and no empty trailing block");
        JsonNode stats = new ObjectMapper().readTree(dir.resolve("out/0_per_epoch_stats.json").toFile()).get("1");
        assertEquals(List.of("start", "block1", "save_ckpt1", "block2", "save_ckpt2", "block3", "save_ckpt3", "end",
                "duration"), fieldNames(stats));
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("out/summary.json").toFile());
        assertEquals(10240 / (double) (1L << 30), summary.get("metric").get("checkpoint_size_GB").asDouble(), 1e-15);
        assertTrue(summary.get("metric").has("train_au_mean_percentage"));
    }

    @Test
    void checkpointAfterTheLastEpochOnly() throws Exception {
        // unet3d's cadence: after epoch 5 of 5, then every 2 (never again)
        train(yaml(workload(8, 2).set("checkpoint.checkpoint_after_epoch", 5)
                .set("checkpoint.epochs_between_checkpoints", 2)), 1, 1, 5);
        assertEquals(List.of("global_epoch5_step5"), folders(dir.resolve("ckpt")));
    }

    @Test
    void aSecondRunOverwritesTheCheckpointsTheFirstWroteButNotAFolderJdlioDidNotWrite() throws Exception {
        Path y = yaml(workload(8, 2).set("checkpoint.checkpoint_after_epoch", 1));
        train(y, 1, 0, 1);
        train(y, 1, 0, 1);
        assertEquals(List.of("global_epoch1_step5"), folders(dir.resolve("ckpt")), "the ledger vouches for it");
        Path other = yaml(workload(8, 2).set("checkpoint.checkpoint_after_epoch", 2));
        Files.createDirectories(dir.resolve("ckpt/global_epoch2_step5"));
        WorkloadException e = org.junit.jupiter.api.Assertions.assertThrows(WorkloadException.class,
                () -> train(other, 1, 0, 2));
        assertTrue(e.getMessage().contains("global_epoch2_step5"), e::getMessage);
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
