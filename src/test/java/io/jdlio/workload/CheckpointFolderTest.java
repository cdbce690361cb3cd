package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.plan.CheckpointPlan;
import io.jdlio.storage.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saves refuse what the disk cannot hold, and clear temporaries of interrupted saves, and nothing else. */
class CheckpointFolderTest {
    @TempDir
    Path dir;

    private Checkpointing checkpointing(long modelBytes) {
        return checkpointing(modelBytes, new LocalStorage(Path.of(".")));
    }

    private Checkpointing checkpointing(long modelBytes, io.jdlio.storage.Storage storage) {
        Workload w = TestYaml.checkpointing(dir, modelBytes).parse("ckpt.yaml");
        return new Checkpointing(w, new CheckpointPlan(w, 1), storage, 1);
    }

    @Test
    void aCheckpointLargerThanTheFreeSpaceIsRefusedBeforeWriting() throws Exception {
        // about 4 MiB of checkpoint on a disk with 1 MiB free
        Checkpointing c = checkpointing(4L << 20, TestStorage.withFree(new LocalStorage(Path.of(".")), 1 << 20));
        WorkloadException e = assertThrows(WorkloadException.class, () -> c.all(true, 1, 1, 1));
        assertTrue(e.getMessage().startsWith("checkpoint.checkpoint_folder " + dir.resolve("ckpt") + ": a checkpoint "
                + "needs 4.0") && e.getMessage().contains("has 1.00 MiB (1,048,576 bytes) free;"), e::getMessage);
        assertFalse(Files.exists(dir.resolve("ckpt/global_epoch1_step1")), "nothing was written");
        c.release();
    }

    @Test
    void temporariesOfAnInterruptedSaveGoWhenTheFolderIsNextUsed() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path folder = Files.createDirectories(dir.resolve("ckpt/global_epoch1_step1"));
        Path leftover = folder.resolve(".model_states-0.pt.jdlio-" + gone.pid() + "-3.tmp");
        Path foreign = folder.resolve(".mine.tmp");
        Files.write(leftover, new byte[] {1});
        Files.write(foreign, new byte[] {1});
        Checkpointing c = checkpointing(4096);
        c.all(true, 1, 2, 1);
        c.release();
        assertFalse(Files.exists(leftover), "a dead run's temporary goes");
        assertTrue(Files.exists(foreign), "what jdlio did not name stays");
    }
}
