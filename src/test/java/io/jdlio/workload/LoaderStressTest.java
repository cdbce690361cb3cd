package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
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

    private long onDisk() throws java.io.IOException {
        try (var walk = Files.walk(dir.resolve("data/train"))) {
            long total = 0;
            for (Path p : walk.filter(p -> p.toString().endsWith(".npy")).toList()) {
                total += Files.size(p);
            }
            return total;
        }
    }

    @ParameterizedTest(name = "threads {0}, prefetch {1}, batch {2}, accelerators {3}")
    @CsvSource({"4, 2, 1, 1", "4, 0, 2, 2", "3, 7, 1, 1", "0, 2, 3, 2", "1, 1, 1, 1", "8, 1, 5, 1"})
    void everyEpochCompletesWithoutCompute(int threads, int prefetch, int batch, int accelerators) throws Exception {
        Path yaml = TestYaml.workload()
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", "npy")
                .set("dataset.num_files_train", 240)
                .set("dataset.record_length_bytes", 256)
                .set("dataset.record_length_bytes_stdev", 64)
                .set("reader.batch_size", batch)
                .set("reader.read_threads", threads)
                .set("reader.prefetch_size", prefetch)
                .set("reader.sample_shuffle", "seed")
                .set("output.folder", dir.resolve("out"))
                .writeTo(dir.resolve("stress.yaml"));
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
                    // every one of the 240 files read whole once, whoever reads it, however far ahead
                    assertEquals(onDisk(), f.bytesRead(), "bytes read in epoch " + e);
                    assertEquals(240, f.wallSamplesPerSecond() * f.trainSeconds(), 1e-6, f::toString);
                }
            }
        });
    }
}
