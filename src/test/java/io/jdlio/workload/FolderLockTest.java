package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import io.jdlio.metrics.HostInfo;
import io.jdlio.plan.CheckpointPlan;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.storage.FolderInUseException;
import io.jdlio.storage.FolderLock;
import io.jdlio.storage.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data folder is held shared by readers and exclusively by a generation, a checkpoint folder exclusively:
 * a conflicting run, in another process, fails at once naming the holder.
 */
class FolderLockTest {
    @TempDir
    Path dir;

    private Workload workload(String... overrides) {
        String yaml = TestYaml.workload()
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", "npy")
                .set("dataset.num_files_train", 4)
                .set("dataset.num_files_eval", 0)
                .set("dataset.num_samples_per_file", 1)
                .set("dataset.record_length_bytes", 4096)
                .text();
        return WorkloadLoader.parse("lock.yaml", yaml, List.of(overrides));
    }

    private Generation generation(Workload w) {
        return new Generation(w, new DatasetPlan(w.dataset()), new LocalStorage(dir), Datasets.format(w), 2);
    }

    @Test
    void aGenerationFailsAtOnceWhileAnotherProcessTrainsOnTheFolder() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Process training = HoldFolder.start(dir.resolve("data"), false, "training");
        try {
            WorkloadException e = assertThrows(WorkloadException.class, () -> generation(workload()).ensure(null));
            String m = e.getMessage();
            assertTrue(m.startsWith("dataset.data_folder " + dir.resolve("data") + " is in use by another jdlio run "
                    + "(training on host " + HostInfo.hostname() + ", PID " + training.pid() + ", since "), m);
            assertFalse(Files.exists(dir.resolve("data/.jdlio-manifest")), "nothing was written");

            // readers share the folder
            try (FolderLock shared = new LocalStorage(dir).lock("data", false, "training")) {
                assertTrue(shared != FolderLock.NONE);
            }
        } finally {
            HoldFolder.stop(training);
        }
        assertEquals(4, generation(workload()).ensure(null).filesWritten(), "free again once the reader is gone");
    }

    @Test
    void aReaderFailsAtOnceWhileAnotherProcessGenerates() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        Process generating = HoldFolder.start(dir.resolve("data"), true, "generation");
        try {
            WorkloadException e = assertThrows(WorkloadException.class,
                    () -> Generation.lockFolder(new LocalStorage(dir), "data", false, "training"));
            assertTrue(e.getMessage().contains("(generation on host " + HostInfo.hostname() + ", PID "
                    + generating.pid() + ", since "), e::getMessage);
        } finally {
            HoldFolder.stop(generating);
        }
    }

    @Test
    void aCheckpointFolderIsHeldByOneRunAtATime() throws Exception {
        Workload w = TestYaml.checkpointing(dir, 4096).parse("ckpt.yaml");
        Files.createDirectories(dir.resolve("ckpt"));
        Process other = HoldFolder.start(dir.resolve("ckpt"), true, "checkpointing");
        try {
            Checkpointing c = new Checkpointing(w, new CheckpointPlan(w, 1), new LocalStorage(Path.of(".")), 1);
            WorkloadException e = assertThrows(WorkloadException.class, () -> c.all(true, 1, 1, 1));
            assertTrue(e.getMessage().contains("checkpoint.checkpoint_folder " + dir.resolve("ckpt") + " is in use "
                    + "by another jdlio run (checkpointing on host " + HostInfo.hostname() + ", PID " + other.pid()),
                    e::getMessage);
        } finally {
            HoldFolder.stop(other);
        }
    }

    @Test
    void withinOneProcessReadersShareAndAWriterConflicts() throws Exception {
        Files.createDirectories(dir.resolve("data"));
        LocalStorage storage = new LocalStorage(dir);
        try (FolderLock a = storage.lock("data", false, "training"); FolderLock b = storage.lock("data", false, "x")) {
            FolderInUseException e = assertThrows(FolderInUseException.class,
                    () -> storage.lock("data", true, "generation"));
            assertTrue(e.getMessage().contains("in use by this process (training)"), e::getMessage);
            a.close();
            a.close();
            assertThrows(FolderInUseException.class, () -> storage.lock("data", true, "generation"));
        }
        try (FolderLock w = storage.lock("data", true, "generation")) {
            assertTrue(Files.exists(dir.resolve("data/.jdlio-lock")));
        }
        assertFalse(Files.exists(dir.resolve("data/.jdlio-lock")), "a writer leaves no lock file behind");
    }
}
