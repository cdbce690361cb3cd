package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.ConfigLocator;
import io.jdlio.config.Workload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run is parsed once: sessions take the parsed workload and never read the YAML again. */
class WorkloadRunTest {
    @TempDir
    Path dir;

    private TestYaml workload() {
        return TestYaml.workload()
                .set("model.name", "run_test")
                .set("workflow.generate_data", true)
                .set("workflow.train", true)
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", "npy")
                .set("dataset.num_files_train", 2)
                .set("dataset.num_files_eval", 0)
                .set("dataset.num_samples_per_file", 2)
                .set("dataset.record_length_bytes", 1024)
                .set("reader.batch_size", 1)
                .set("reader.read_threads", 0)
                .set("train.epochs", 1)
                .set("train.computation_time", 0)
                .set("output.folder", dir.resolve("out"));
    }

    private Path yaml() {
        return workload().writeTo(dir.resolve("run.yaml"));
    }

    @Test
    void anotherDataFolderIsWhatTheOverrideWouldGive() throws Exception {
        Path yaml = yaml();
        String folder = dir.resolve("data") + WorkloadRun.GENERATION_SUFFIX;
        Workload parsed = ConfigLocator.load(yaml.toString(), List.of("dataset.data_folder=" + folder));
        Workload copied = ConfigLocator.load(yaml.toString(), List.of()).withDataFolder(folder);
        assertEquals(parsed.dataset(), copied.dataset());
        assertEquals(TrainingSession.dumpYaml(parsed.resolved()), TrainingSession.dumpYaml(copied.resolved()));
        assertEquals(parsed.source(), copied.source());
    }

    @Test
    void sessionsRunFromTheParsedWorkloadWithoutTheYaml() throws Exception {
        Path yaml = yaml();
        WorkloadRun run = WorkloadRun.load(yaml.toString(), "", 1);
        Files.delete(yaml);
        try (GenerationSession s = new GenerationSession(run)) {
            assertEquals(2, s.generate().filesWritten());
            assertTrue(Files.isDirectory(dir.resolve("data.jdlio-generate/train")), "generation writes beside data/");
            assertTrue(Files.notExists(dir.resolve("data")), "and never into the configured folder");
        }
        try (TrainingSession s = new TrainingSession(run)) {
            assertEquals(2, s.ensureDataset(null).filesWritten());
            assertEquals(4, s.plan().trainStepsPerEpoch());
            assertTrue(s.runEpoch(true).bytesRead() >= 4 * 1024, "every sample of the epoch was read");
        }
    }

    @Test
    void aStorageTypeWithoutABackendIsOneBlockingGapNamingTheOnesThatExist() throws Exception {
        WorkloadRun run = new WorkloadRun(workload().set("storage.storage_type", "aistore").parse("ais.yaml"),
                List.of(), 1);
        WorkloadException e = org.junit.jupiter.api.Assertions.assertThrows(WorkloadException.class,
                run::requireRunnable);
        assertEquals("ais.yaml: storage.storage_type aistore is not yet supported (" + StorageBackends.supported() + ")", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(WorkloadException.class, run::openStorage);
        assertEquals("ais.yaml: storage.storage_type aistore is not yet supported (" + StorageBackends.supported() + ")", e.getMessage());
    }
}
