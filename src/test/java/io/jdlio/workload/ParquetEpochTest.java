package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdlio.TestYaml;
import io.jdlio.config.TimeSpec;
import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.storage.Storage;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet epoch as the loader runs it, unshuffled samples handed over a run at a time: every sample counted
 * and timed (those of a row group already read as reads of no time), the bytes reported are the bytes storage
 * handed over, and every batch is collated as the sample image repeated.
 */
class ParquetEpochTest {
    private static final int FILES = 2;
    private static final int ROWS = 64;

    @TempDir
    Path dir;

    /** 2 files of 64 rows in row groups of 16, two of three columns read, batches of 24 across files. */
    private Workload workload(int readThreads) {
        return TestYaml.training(dir)
                .set("dataset.format", "parquet")
                .set("dataset.num_files_train", FILES)
                .set("dataset.num_samples_per_file", ROWS)
                .set("dataset.record_length_bytes", 100)
                .set("dataset.parquet.row_group_size", 16)
                .set("dataset.parquet.columns", List.of("{name: id, dtype: int64, read: true}",
                        "{name: skipped, dtype: float32, size: 8, read: false}",
                        "{name: dense, dtype: float32, size: 4, read: true}"))
                .set("reader.batch_size", 24)
                .set("reader.read_threads", readThreads)
                .set("train.computation_time", 0)
                .parse("parquet-epoch.yaml");
    }

    private static Storage generated(Workload w, TrainingPlan plan, FileFormat format) throws Exception {
        Storage local = Datasets.storage(w);
        new Generation(w, plan.dataset(), local, format, 2).ensure(null);
        return local;
    }

    @Test
    void everySampleIsCountedAndTimedAndTheBytesAreTheBytesRead() throws Exception {
        for (int readThreads : new int[] {0, 2}) {
            Workload w = workload(readThreads);
            TrainingPlan plan = new TrainingPlan(w, new DatasetPlan(w.dataset()), 1);
            FileFormat format = Datasets.format(w);
            try (ObservingStorage storage = new ObservingStorage(generated(w, plan, format), 0)) {
                AcceleratorEpoch epoch = new Training(w, plan, storage, format, null).trainEpoch(1).get(0);
                int samples = FILES * ROWS / 24 * 24;     // the last partial batch is dropped
                assertEquals(samples, epoch.trainSamples, "read_threads " + readThreads);
                assertEquals(samples, epoch.readLatency.count(), "one duration per sample, read_threads " + readThreads);
                assertEquals(storage.bytesRead(), epoch.trainBytesRead, "read_threads " + readThreads);
            }
        }
    }

    @Test
    void aBatchIsTheSampleImageRepeated() throws Exception {
        Workload w = workload(1);
        TrainingPlan plan = new TrainingPlan(w, new DatasetPlan(w.dataset()), 1);
        FileFormat format = Datasets.format(w);
        ByteBuffer image = ByteBuffer.allocateDirect(100);
        for (int i = 0; i < 100; i++) {
            image.put(i, (byte) (i * 7 + 1));
        }
        int steps = FILES * ROWS / 24;
        try (Storage storage = generated(w, plan, format)) {
            LoaderBuffers buffers = new LoaderBuffers(LoaderShape.of(1, 2), 24L * 100, 1 << 16);
            try (BatchLoader loader = new BatchLoader(plan.order(Split.TRAIN, 1, 0), 24, steps, buffers,
                    t -> new SampleSource(plan.dataset(), Split.TRAIN, storage, format, buffers.reads[t].clear()),
                    image, TimeSpec.NONE, 1, "test")) {
                loader.start();
                for (int k = 0; k < steps; k++) {
                    ByteBuffer batch = loader.next();
                    for (int i = 0; i < 24 * 100; i++) {
                        assertEquals(image.get(i % 100), batch.get(i), "batch " + k + " byte " + i);
                    }
                    loader.release(batch);
                }
            }
        }
    }

    /**
     * What scripts/compare-parquet-fio has fio read: DuckDB's view of the footers (tools/parquet-check/ranges.mjs)
     * turned into each reader's reads (scripts/parquet-iolog.py) adds up to the bytes jdlio reports, batches
     * straddling files included (24 rows a batch, 64 a file).
     */
    @Test
    void theBytesAreWhatTheComparisonScriptsPlanFromDuckDbsView() throws Exception {
        Workload w = workload(2);
        TrainingPlan plan = new TrainingPlan(w, new DatasetPlan(w.dataset()), 1);
        FileFormat format = Datasets.format(w);
        long reported;
        try (Storage storage = generated(w, plan, format)) {
            reported = new Training(w, plan, storage, format, null).trainEpoch(1).get(0).trainBytesRead;
        }
        List<String> ranges = new java.util.ArrayList<>(List.of("node", "tools/parquet-check/ranges.mjs", "id,dense"));
        for (int i = 0; i < FILES; i++) {
            ranges.add(Path.of(Datasets.path(plan.dataset(), Split.TRAIN, i)).toAbsolutePath().toString());
        }
        Path json = dir.resolve("ranges.json");
        Process p = new ProcessBuilder(ranges).redirectOutput(json.toFile()).redirectErrorStream(false).start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), () -> "ranges.mjs failed (run scripts/install-test-deps for DuckDB): " + err);
        String out = io.jdlio.Python.run(java.nio.file.Files.readString(Path.of("scripts/parquet-iolog.py")),
                json.toString(), "24", "2", "1", dir.resolve("iolog").toString());
        long planned = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out).get("bytes").asLong();
        assertEquals(planned, reported, out);
    }
}
