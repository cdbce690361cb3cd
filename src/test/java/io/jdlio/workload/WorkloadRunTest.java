package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    private Path yaml() throws Exception {
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, "model:\n  name: run_test\nworkflow:\n  generate_data: True\n  train: True\n"
                + "dataset:\n  data_folder: " + dir.resolve("data") + "\n  format: npy\n"
                + "  num_files_train: 2\n  num_files_eval: 0\n  num_samples_per_file: 2\n"
                + "  record_length_bytes: 1024\nreader:\n  batch_size: 1\n  read_threads: 0\n"
                + "train:\n  epochs: 1\n  computation_time: 0\n"
                + "output:\n  folder: " + dir.resolve("out") + "\n");
        return yaml;
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
        String yaml = Files.readString(yaml()) + "storage:\n  storage_type: s3\n  storage_options:\n"
                + "    access_key_id: a\n    secret_access_key: b\n    endpoint_url: http://localhost:9000\n";
        WorkloadRun run = new WorkloadRun(io.jdlio.config.WorkloadLoader.parse("s3.yaml", yaml, List.of()),
                List.of(), 1);
        WorkloadException e = org.junit.jupiter.api.Assertions.assertThrows(WorkloadException.class,
                run::requireRunnable);
        assertEquals("s3.yaml: storage.storage_type s3 is not yet supported (local_fs is)", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(WorkloadException.class, run::openStorage);
        assertEquals("s3.yaml: storage.storage_type s3 is not yet supported (local_fs is)", e.getMessage());
    }
}
