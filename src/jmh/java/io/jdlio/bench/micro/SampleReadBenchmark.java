package io.jdlio.bench.micro;

import io.jdlio.workload.SampleProbe;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One sample's open, read and close per format, as a reader worker does it when every sample is its own file:
 * {@value #FILES} page-cached files of one {@code recordBytes} sample, read round robin, so every read opens the
 * next file and closes the last. What a file costs the engine beyond the bytes themselves; ProcessCpu's
 * counters give the CPU per sample, the figure to compare on a busy machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class SampleReadBenchmark {
    static final int FILES = 256;

    @Param({"npz", "npy", "tfrecord", "hdf5", "csv", "parquet", "jpeg", "png", "indexed_binary"})
    public String format;

    @Param("4096")
    public int recordBytes;

    private Path dir;
    private SampleProbe probe;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = BenchFolder.create("jdlio-sample-read");
        String overrides = String.join(";",
                "dataset.format=" + format,
                // DLIO reads tfrecord with the tensorflow loader only
                "reader.data_loader=" + (format.equals("tfrecord") ? "tensorflow" : "pytorch"),
                "framework=" + (format.equals("tfrecord") ? "tensorflow" : "pytorch"),
                "dataset.data_folder=" + dir.resolve("data"),
                "dataset.num_files_train=" + FILES,
                "dataset.num_samples_per_file=1",
                "dataset.record_length_bytes=" + recordBytes,
                "dataset.num_subfolders_train=0",
                "dataset.num_files_eval=0",
                "dataset.num_subfolders_eval=0",
                "workflow.evaluation=False",
                "workflow.checkpoint=False",
                "output.folder=" + dir.resolve("output"));
        WorkloadRun run = WorkloadRun.load("default_tiny.yaml", overrides, 1);
        try (TrainingSession s = new TrainingSession(run)) {
            s.ensureDataset(null);
        }
        probe = new SampleProbe(run);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        probe.close();
        BenchFolder.delete(dir);
    }

    @Benchmark
    public long openReadClose(ProcessCpu cpu) {
        int file = next;
        next = (next + 1) % FILES;
        long bytes = probe.read(file, 0);
        cpu.count(1);
        return bytes;
    }
}
