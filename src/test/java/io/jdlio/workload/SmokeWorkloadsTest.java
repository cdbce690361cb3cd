package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.config.WorkloadLoader;
import io.jdlio.metrics.EpochFigures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shipped training workload generates and trains, as shipped but shrunk to a few small files: each
 * format's smoke workload keeps its format, layout keys (parquet columns, hdf5 datasets, tfrecord index) and
 * loader, so a format that a workload file names but jdlio cannot run fails here.
 */
class SmokeWorkloadsTest {
    @TempDir
    Path dir;

    static Stream<Path> trainingWorkloads() throws Exception {
        try (Stream<Path> s = Files.list(Path.of("workloads"))) {
            return s.filter(p -> p.toString().endsWith("_smoke.yaml")).sorted().toList().stream()
                    .filter(p -> WorkloadLoader.load(p, List.of()).workflow().train());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainingWorkloads")
    void generatesAndTrainsShrunk(Path yaml) throws Exception {
        String overrides = String.join(";", "dataset.data_folder=" + dir.resolve("data"),
                "output.folder=" + dir.resolve("out"), "dataset.num_files_train=4", "dataset.num_files_eval=0",
                "dataset.num_samples_per_file=4", "reader.batch_size=2", "train.epochs=1",
                "train.computation_time=0", "train.total_training_steps=-1", "workflow.checkpoint=False");
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), overrides, 1))) {
            assertEquals(4, s.ensureDataset(null).filesWritten());
            EpochFigures f = s.runEpoch(true);
            String ext = "." + s.workload().dataset().format().yamlName();
            long onDisk = 0;
            try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
                for (Path p : files.filter(p -> p.toString().endsWith(ext)).toList()) {
                    onDisk += Files.size(p);
                }
            }
            // every sample is read: at least the data files' bytes, less HDF5's labels and unread metadata;
            // synthetic data is made in memory and reads nothing
            if (s.workload().dataset().format() == io.jdlio.config.DataFormat.SYNTHETIC) {
                assertEquals(0, f.bytesRead());
            } else {
                assertTrue(f.bytesRead() >= onDisk * 9 / 10, f.bytesRead() + " read of " + onDisk + " on disk");
            }
            // 4 files of 4 samples in batches of 2: 8 steps, all 16 samples in the epoch's time
            assertEquals(8, f.wallSamplesPerSecond() * f.trainSeconds() / 2, 1e-6, f::toString);
        }
    }
}
