package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.metrics.CheckpointTiming;
import io.jdlio.plan.CheckpointPlan;
import io.jdlio.storage.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints are written and read as planned, fsynced when asked, and fire when DLIO's tests say. */
class CheckpointingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** llama3_8b's parallelism with a tiny transformer: ZeRO-3 over 8 accelerators. */
    private TestYaml llamaTiny() {
        return TestYaml.workload()
                .set("model.name", "tiny_llama")
                .set("model.type", "transformer")
                .set("model.num_layers", 4)
                .set("model.model_datatype", "fp16")
                .set("model.optimizer_datatype", "fp32")
                .set("model.parallelism.pipeline", 1)
                .set("model.parallelism.tensor", 1)
                .set("model.parallelism.zero_stage", 3)
                .set("model.transformer.vocab_size", 1000)
                .set("model.transformer.hidden_size", 256)
                .set("model.transformer.ffn_hidden_size", 512)
                .set("model.transformer.num_attention_heads", 8)
                .set("model.transformer.num_kv_heads", 4)
                .set("framework", "pytorch")
                .set("workflow.train", false)
                .set("workflow.checkpoint", true)
                .set("checkpoint.checkpoint_folder", dir.resolve("ckpt"))
                .set("checkpoint.fsync", true)
                .set("checkpoint.time_between_checkpoints", 0)
                .set("checkpoint.num_checkpoints_write", 3)
                .set("checkpoint.num_checkpoints_read", 2)
                .set("output.folder", dir.resolve("out"));
    }

    @Test
    void everyPlannedFileIsWrittenFsyncedAndReadBackWhole() throws Exception {
        Workload w = llamaTiny().parse("tiny.yaml");
        CheckpointPlan plan = new CheckpointPlan(w, 8);
        LocalStorage storage = new LocalStorage(Path.of("."));
        Checkpointing c = new Checkpointing(w, plan, storage, 8);
        List<CheckpointTiming> saved = c.all(true, 1, 1, 1);
        assertEquals(16, storage.fsyncCount(), "one fsync per file");
        Path folder = dir.resolve("ckpt/global_epoch1_step1");
        for (CheckpointPlan.Rank r : plan.ranks()) {
            for (CheckpointPlan.File f : r.files()) {
                assertEquals(f.bytes(), Files.size(folder.resolve(f.name())), f.name());
            }
            assertEquals(r.bytes(), saved.get(r.rank()).bytes());
        }
        try (Stream<Path> s = Files.list(folder)) {
            assertEquals(16, s.count(), "exactly the planned files, no temporaries");
        }
        List<CheckpointTiming> loaded = c.all(false, 1, 1, 1);
        for (int r = 0; r < 8; r++) {
            assertEquals(plan.ranks().get(r).bytes(), loaded.get(r).bytes());
        }
        Files.write(folder.resolve(plan.ranks().get(5).files().get(1).name()), new byte[10]);
        WorkloadException e = assertThrows(WorkloadException.class, () -> c.all(false, 1, 1, 2));
        assertTrue(e.getMessage().contains("zero_pp_rank_5_mp_rank_0_optim_states.pt") && e.getMessage().contains("plan"),
                e::getMessage);
        c.delete(1, 1);
        assertFalse(Files.exists(folder));
        assertTrue(Files.exists(dir.resolve("ckpt")), "only the checkpoint itself goes");
    }

    @Test
    void noFsyncUnlessAskedAndOnesWhenNotRandom() throws Exception {
        Workload w = llamaTiny().set("checkpoint.randomize_tensor", false)
                .set("checkpoint.fsync", false).parse("tiny.yaml");
        LocalStorage storage = new LocalStorage(Path.of("."));
        new Checkpointing(w, new CheckpointPlan(w, 1), storage, 1).all(true, 1, 7, 1);
        assertEquals(0, storage.fsyncCount());
        byte[] head = new byte[8];
        try (var in = Files.newInputStream(dir.resolve("ckpt/global_epoch1_step7/zero_pp_rank_0_mp_rank_0_model_states.pt"))) {
            in.readNBytes(head, 0, 8);
        }
        // fp16 1.0 is 0x3C00, little-endian
        assertEquals(List.of((byte) 0, (byte) 0x3C, (byte) 0, (byte) 0x3C),
                List.of(head[0], head[1], head[2], head[3]));
    }

    @Test
    void recoveryRankShiftReadsTheNextHostsRank() {
        Workload w = llamaTiny().set("checkpoint.recovery_rank_shift", true).parse("tiny.yaml");
        Checkpointing twoHosts = new Checkpointing(w, new CheckpointPlan(w, 8), new LocalStorage(dir), 4);
        assertEquals(List.of(4, 5, 6, 7, 0, 1, 2, 3), java.util.stream.IntStream.range(0, 8)
                .map(twoHosts::sourceRank).boxed().toList());
        Checkpointing off = new Checkpointing(llamaTiny().parse("tiny.yaml"),
                new CheckpointPlan(w, 8), new LocalStorage(dir), 4);
        assertEquals(3, off.sourceRank(3));
    }

    @Test
    void shiftedLoadsReadTheOtherHostsFiles() throws Exception {
        Workload w = llamaTiny().set("checkpoint.recovery_rank_shift", true).parse("tiny.yaml");
        Checkpointing c = new Checkpointing(w, new CheckpointPlan(w, 8), new LocalStorage(Path.of(".")), 4);
        c.all(true, 1, 2, 1);
        // without rank 4's optimizer file, rank 0's shifted load must fail on it, and rank 4's own load succeed
        Files.delete(dir.resolve("ckpt/global_epoch1_step2/zero_pp_rank_4_mp_rank_0_optim_states.pt"));
        WorkloadException e = assertThrows(WorkloadException.class, () -> c.load(0, 1, 2, 1));
        assertTrue(e.getMessage().contains("zero_pp_rank_4_mp_rank_0_optim_states.pt"), e::getMessage);
        assertEquals(new CheckpointPlan(w, 8).ranks().get(0).bytes(), c.load(4, 1, 2, 1).bytes());
    }

    @Test
    void checkpointOnlySessionWritesDliosCheckpointFields() throws Exception {
        Path yaml = dir.resolve("tiny.yaml");
        llamaTiny().writeTo(yaml);
        try (CheckpointSession s = new CheckpointSession(WorkloadRun.load(yaml.toString(), "", 8))) {
            for (int i = 0; i < 3; i++) {
                s.prepareSave();
                s.save(true);
            }
            for (int i = 0; i < 2; i++) {
                s.prepareLoad();
                s.load(true);
            }
            s.writeOutputs();
        }
        JsonNode summary = JSON.readTree(dir.resolve("out/summary.json").toFile());
        JsonNode reference = JSON.readTree(Path.of("src/test/resources/dlio-shapes").resolve("checkpoint_only/summary.json")
                .toFile());
        for (var it = reference.get("metric").fieldNames(); it.hasNext();) {
            String k = it.next();
            assertTrue(summary.get("metric").has(k), k);
        }
        assertEquals(0, summary.get("epochs").asInt());
        JsonNode stats = JSON.readTree(dir.resolve("out/0_per_epoch_stats.json").toFile()).get("1");
        assertTrue(stats.has("save_ckpt3") && stats.has("load_ckpt2") && !stats.has("load_ckpt3"), stats::toString);
        double size = summary.get("metric").get("checkpoint_size_GB").asDouble();
        JsonNode save1 = stats.get("save_ckpt1");
        assertEquals(size / save1.get("duration").asDouble(), save1.get("throughput").asDouble(), 1e-9);
        assertEquals(3, summary.get("jdlio").get("save_checkpoint_max_duration_seconds").size());
        JsonNode out = JSON.readTree(dir.resolve("out/0_output.json").toFile()).get("1");
        assertTrue(out.has("start") && out.get("load").isEmpty(), out::toString);
        try (Stream<Path> s = Files.list(dir.resolve("ckpt"))) {
            assertEquals(0, s.count(), "the session removes its checkpoints when done");
        }
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void loadAndSaveTrialsOfOneRunWriteOneFolderWithBothAndNoWarmups() throws Exception {
        Path yaml = dir.resolve("tiny.yaml");
        llamaTiny().writeTo(yaml);
        // as JMH runs them: the load trial, then the save trial, each with 1 warmup and 2 measured iterations
        try (CheckpointSession s = new CheckpointSession(WorkloadRun.load(yaml.toString(), "", 2))) {
            for (int i = 0; i < 3; i++) {
                s.prepareLoad();
                s.load(i > 0);
            }
            s.writeOutputs();
        }
        try (CheckpointSession s = new CheckpointSession(WorkloadRun.load(yaml.toString(), "", 2))) {
            for (int i = 0; i < 3; i++) {
                s.prepareSave();
                s.save(i > 0);
            }
            s.writeOutputs();
        }
        Path out = dir.resolve("out");
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertTrue(summary.get("metric").has("save_checkpoint_duration_mean_seconds")
                && summary.get("metric").has("load_checkpoint_duration_mean_seconds"), summary::toString);
        assertEquals(2, summary.get("jdlio").get("save_checkpoint_max_duration_seconds").size(), "warmups left out");
        assertEquals(2, summary.get("jdlio").get("load_checkpoint_max_duration_seconds").size(), "warmups left out");
        // every file of the 2 measured saves and loads timed, the first trial's kept through the merge
        long files = new CheckpointPlan(llamaTiny().parse("tiny.yaml"), 2).files();
        for (String kind : List.of("save", "load")) {
            JsonNode l = summary.get("jdlio").get("checkpoint_" + kind + "_file_latency_ms");
            assertEquals(2 * files, l.get("overall").get("count").asLong(), kind + ": " + l);
            assertTrue(l.get("overall").get("p50").asDouble() > 0 && l.get("ranks").size() == 2, l::toString);
        }
        for (int rank = 0; rank < 2; rank++) {
            JsonNode stats = JSON.readTree(out.resolve(rank + "_per_epoch_stats.json").toFile()).get("1");
            assertEquals(List.of("start", "save_ckpt1", "save_ckpt2", "load_ckpt1", "load_ckpt2", "end"),
                    fieldNames(stats), "DLIO's order: the saves, then the loads");
        }
        String log = Files.readString(out.resolve("dlio.log"));
        assertTrue(log.contains("Running jdlio [Checkpointing]") && log.contains("Finished saving checkpoint 2")
                && log.contains("Finished loading checkpoint 2") && log.contains("Checkpointing read finished"), log);
        assertFalse(log.contains("[Training]") || log.contains("steps expected") || log.contains("AU"), log);
        assertTrue(log.contains("[METRIC] Checkpoint Save duration") && log.contains("[METRIC] Checkpoint Load duration"),
                log);
        boolean suspect = summary.get("jdlio").get("cache_suspect").asBoolean();
        assertEquals(suspect, summary.get("jdlio").get("notes").size() > 0, "cache_suspect always comes with its reason");
        assertTrue(names(dir.resolve("ckpt")).isEmpty(), "both trials removed their checkpoints and the ledger");
    }

    @Test
    void aCheckpointOnlyRunDeletesOnlyTheCheckpointsItWrote() throws Exception {
        Path yaml = dir.resolve("tiny.yaml");
        llamaTiny().writeTo(yaml);
        Workload w = llamaTiny().parse("tiny.yaml");
        // an earlier run's checkpoint, and a user's folder that merely looks like one
        Checkpointing earlier = new Checkpointing(w, new CheckpointPlan(w, 1), new LocalStorage(Path.of(".")), 1);
        earlier.all(true, 3, 9, 1);
        earlier.release();
        Path users = dir.resolve("ckpt/global_epoch7_step3");
        Files.createDirectories(users);
        Files.writeString(users.resolve("notes.txt"), "mine");
        try (CheckpointSession s = new CheckpointSession(WorkloadRun.load(yaml.toString(), "", 1))) {
            for (int i = 0; i < 2; i++) {
                s.prepareSave();
                s.save(true);
            }
            s.prepareLoad();
            s.load(true);
        }
        assertTrue(Files.exists(users.resolve("notes.txt")), "a user's folder named global_epoch* stays");
        assertTrue(Files.exists(dir.resolve("ckpt/global_epoch3_step9")), "an earlier run's checkpoint stays");
        assertEquals(List.of(".jdlio-checkpoints", "global_epoch3_step9", "global_epoch7_step3"), names(dir.resolve("ckpt")));
        assertEquals(List.of("global_epoch3_step9"), Files.readAllLines(dir.resolve("ckpt/.jdlio-checkpoints")).stream()
                .filter(l -> !l.startsWith("#")).toList(), "the ledger lists what jdlio wrote and still holds");
    }

    @Test
    void aCheckpointFolderInTheWayThatJdlioDidNotWriteIsAnError() throws Exception {
        Path yaml = dir.resolve("tiny.yaml");
        llamaTiny().writeTo(yaml);
        Path users = dir.resolve("ckpt/global_epoch1_step1");
        Files.createDirectories(users);
        Files.writeString(users.resolve("notes.txt"), "mine");
        try (CheckpointSession s = new CheckpointSession(WorkloadRun.load(yaml.toString(), "", 1))) {
            s.prepareSave();
            WorkloadException e = assertThrows(WorkloadException.class, () -> s.save(true));
            assertTrue(e.getMessage().contains(users.toString()) && e.getMessage().contains("checkpoint.checkpoint_folder"),
                    e::getMessage);
        }
        assertEquals(List.of("notes.txt"), names(users), "nothing written into it, nothing deleted");
    }

    @Test
    void checkpointFolderThatIsAFileIsRefusedBeforeAnyWork() throws Exception {
        Path yaml = dir.resolve("tiny.yaml");
        llamaTiny().writeTo(yaml);
        Files.writeString(dir.resolve("ckpt"), "a file");
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> new CheckpointSession(WorkloadRun.load(yaml.toString(), "", 1)));
        assertTrue(e.getMessage().startsWith("checkpoint.checkpoint_folder: "), e::getMessage);
        Files.delete(dir.resolve("ckpt"));
        Files.writeString(dir.resolve("out"), "a file");
        WorkloadException out = assertThrows(WorkloadException.class,
                () -> new CheckpointSession(WorkloadRun.load(yaml.toString(), "", 1)));
        assertTrue(out.getMessage().startsWith("output.folder: "), out::getMessage);
    }

    @Test
    void aFullCheckpointDiskNamesTheCheckpointFolder() throws Exception {
        Workload w = llamaTiny().parse("tiny.yaml");
        LocalStorage local = new LocalStorage(Path.of("."));
        io.jdlio.storage.Storage full = (io.jdlio.storage.Storage) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {io.jdlio.storage.Storage.class}, (proxy, m, args) -> {
                    if (m.getName().equals("create") && String.valueOf(args[0]).endsWith(".pt")) {
                        throw new java.io.IOException("No space left on device");
                    }
                    try {
                        return m.invoke(local, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> new Checkpointing(w, new CheckpointPlan(w, 1), full, 1).save(0, 1, 1, 1));
        assertTrue(e.getMessage().contains("point checkpoint.checkpoint_folder elsewhere")
                && !e.getMessage().contains("dataset.data_folder"), e::getMessage);
    }
}
