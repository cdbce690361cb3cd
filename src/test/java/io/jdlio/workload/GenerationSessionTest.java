package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generation benchmark deletes only what its ledger says it wrote, and refuses a folder holding more. */
class GenerationSessionTest {
    @TempDir
    Path dir;

    private String config() throws Exception {
        return TestYaml.workload()
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 4)
                .set("dataset.num_files_eval", 1)
                .set("dataset.num_samples_per_file", 1)
                .set("dataset.record_length_bytes", 4096)
                .set("dataset.num_subfolders_train", 2)
                .writeTo(dir.resolve("gen.yaml")).toString();
    }

    @Test
    void underDirectEveryIterationWritesEveryFileAgain() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(!"tmpfs".equals(Files.getFileStore(dir).type()));
        Path folder = dir.resolve("data.jdlio-generate");
        try (GenerationSession s = new GenerationSession(WorkloadRun.load(config(),
                "dataset.data_folder=direct://" + dir.resolve("data"), 1))) {
            assertEquals(5, s.generate().filesWritten());
            assertTrue(files(folder) >= 5);
            s.clean();
            assertTrue(onlyLockRecords(folder), "the O_DIRECT files are the local ones, cleaned between iterations");
            assertEquals(5, s.generate().filesWritten());
        }
        assertFalse(Files.exists(folder));
    }

    private static long files(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static boolean onlyLockRecords(Path folder) throws Exception {
        try (Stream<Path> left = Files.walk(folder)) {
            return left.filter(Files::isRegularFile).allMatch(p -> p.getFileName().toString().startsWith(".jdlio-lock"));
        }
    }

    @Test
    void aFolderHoldingAnythingJdlioDidNotWriteIsRefusedAndKept() throws Exception {
        Path mine = dir.resolve("data.jdlio-generate/train/notes.txt");
        Files.createDirectories(mine.getParent());
        Files.writeString(mine, "mine");
        String config = config();
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> new GenerationSession(WorkloadRun.load(config, "", 1)));
        assertTrue(e.getMessage().contains("holds " + mine + ", which jdlio did not write"), e::getMessage);
        assertEquals("mine", Files.readString(mine));
    }

    @Test
    void cleaningDeletesWhatTheLedgerListsAndClosingLeavesNothing() throws Exception {
        Path folder = dir.resolve("data.jdlio-generate");
        try (GenerationSession s = new GenerationSession(WorkloadRun.load(config(), "", 1))) {
            Generation.Result r = s.generate();
            assertEquals(5, r.filesWritten());
            assertTrue(files(folder) >= 5);
            s.clean();
            assertTrue(onlyLockRecords(folder), "only the lock records are left");
            assertEquals(5, s.generate().filesWritten(), "the next iteration writes every file again");
        }
        assertFalse(Files.exists(folder), "closing removes the files, the records and the folders jdlio made");

        // a trial killed before closing leaves its files, listed in its ledger: the next one takes them over
        io.jdlio.config.Workload w = io.jdlio.config.ConfigLocator.load(config(),
                java.util.List.of("dataset.data_folder=" + folder));
        new Generation(w, new io.jdlio.plan.DatasetPlan(w.dataset()), new io.jdlio.storage.LocalStorage(dir),
                Datasets.format(w), 1).ensure(null);
        assertTrue(files(folder) >= 5);
        try (GenerationSession s = new GenerationSession(WorkloadRun.load(config(), "", 1))) {
            s.clean();
            assertTrue(onlyLockRecords(folder), "only the lock records are left");
        }
        assertFalse(Files.exists(folder));
    }
}
