package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.metrics.EpochFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * With no compute between steps, readers race ahead of the accelerator as far as their prefetch allows; every
 * epoch must still finish and deliver every batch (a shared buffer pool once deadlocked exactly here).
 */
class LoaderStressTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "threads {0}, prefetch {1}, batch {2}, accelerators {3}")
    @CsvSource({"4, 2, 1, 1", "4, 0, 2, 2", "3, 7, 1, 1", "0, 2, 3, 2", "1, 1, 1, 1", "8, 1, 5, 1"})
    void everyEpochCompletesWithoutCompute(int threads, int prefetch, int batch, int accelerators) throws Exception {
        Path yaml = dir.resolve("stress.yaml");
        Files.writeString(yaml, "dataset:\n  data_folder: " + dir.resolve("data") + "\n  format: npy\n"
                + "  num_files_train: 240\n  record_length_bytes: 256\n  record_length_bytes_stdev: 64\n"
                + "reader:\n  batch_size: " + batch + "\n  read_threads: " + threads + "\n  prefetch_size: " + prefetch
                + "\n  sample_shuffle: seed\noutput:\n  folder: " + dir.resolve("out") + "\n");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", accelerators))) {
                s.ensureDataset(null);
                long steps = 240 / (batch * accelerators);
                for (int e = 1; e <= 3; e++) {
                    EpochFigures f = s.runEpoch(true);
                    for (int r = 0; r < accelerators; r++) {
                        @SuppressWarnings("unchecked")
                        var epoch = (java.util.Map<String, Object>) s.report().rankOutput(r).get(String.valueOf(e));
                        @SuppressWarnings("unchecked")
                        var compute = (java.util.Map<String, Object>) epoch.get("compute");
                        assertEquals(steps, ((double[]) compute.get("block1")).length, "steps of accelerator " + r);
                    }
                    // 240 files of at least ~100 payload bytes plus a 128-byte NPY header, each read once
                    assertTrue(f.bytesRead() >= steps * batch * accelerators * 128L, "bytes read: " + f.bytesRead());
                }
            }
        });
    }
}
