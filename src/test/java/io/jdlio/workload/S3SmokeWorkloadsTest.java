package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.config.DataFormat;
import io.jdlio.metrics.EpochFigures;
import io.jdlio.storage.S3TestServer;
import io.jdlio.storage.Storage;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every format's smoke workload generates and trains on S3 (the test server), shrunk as the local smoke test. */
class S3SmokeWorkloadsTest {
    @TempDir
    Path dir;

    static java.util.stream.Stream<Path> trainingWorkloads() throws Exception {
        return SmokeWorkloadsTest.trainingWorkloads();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trainingWorkloads")
    void generatesAndTrainsOnS3(Path yaml) throws Exception {
        String endpoint = S3TestServer.withBucket();
        String folder = "smoke-" + UUID.randomUUID();
        String overrides = String.join(";", S3TestServer.overrides(endpoint), "dataset.data_folder=" + folder,
                "output.folder=" + dir.resolve("out"), "dataset.num_files_train=4", "dataset.num_files_eval=0",
                "dataset.num_samples_per_file=4", "reader.batch_size=2", "train.epochs=1",
                "train.computation_time=0", "train.total_training_steps=-1", "workflow.checkpoint=False");
        WorkloadRun run = WorkloadRun.load(yaml.toString(), overrides, 1);
        try (TrainingSession s = new TrainingSession(run)) {
            assertEquals(4, s.ensureDataset(null).filesWritten());
            EpochFigures f = s.runEpoch(true);
            String ext = "." + s.workload().dataset().format().yamlName();
            long stored = 0;
            try (Storage st = run.openStorage()) {
                for (String p : st.walk(folder)) {
                    if (p.endsWith(ext)) {
                        stored += st.size(folder + "/" + p).orElseThrow();
                    }
                }
            }
            long floor = s.workload().dataset().format() == DataFormat.SYNTHETIC ? 0 : stored * 9 / 10;
            assertTrue(f.bytesRead() >= floor, f.bytesRead() + " read of " + stored + " stored");
            assertTrue(f.samplesPerSecond() > 0);
        }
        // a second run finds the dataset complete in the bucket and writes nothing
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), overrides, 1))) {
            assertEquals(0, s.ensureDataset(null).filesWritten());
        }
    }
}
