package io.jdlio.bench.micro;

import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step's cost to the engine alone: an epoch of {@value #STEPS} steps per accelerator on the synthetic
 * format (readers read nothing) with zero compute, so each step is the loader handing a batch of one sample to its
 * accelerator, the bookkeeping, and the barrier across the accelerators. Score is time per step; at
 * {@code read_threads = 0} the accelerator fills the batch itself and no handoff happens. ProcessCpu's counters
 * give the CPU per accelerator-step, the figure to compare on a busy machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class StepHandoffBenchmark {
    static final int STEPS = 512;

    @Param({"1", "8"})
    public int accelerators;

    @Param({"0", "1", "4"})
    public int readThreads;

    private Path dir;
    private TrainingSession session;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = BenchFolder.create("jdlio-handoff");
        String overrides = String.join(";",
                "dataset.format=synthetic",
                "dataset.data_folder=" + dir.resolve("data"),
                "dataset.num_files_train=" + STEPS * accelerators,
                "dataset.num_subfolders_train=0",
                "dataset.num_files_eval=0",
                "dataset.num_subfolders_eval=0",
                "reader.batch_size=1",
                "reader.read_threads=" + readThreads,
                "train.computation_time=0",
                "workflow.evaluation=False",
                "workflow.checkpoint=False",
                "output.folder=" + dir.resolve("output"));
        session = new TrainingSession(WorkloadRun.load("default_tiny.yaml", overrides, accelerators));
        session.ensureDataset(null);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        session.close();
        BenchFolder.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(STEPS)
    public List<AcceleratorEpoch> step(ProcessCpu cpu) {
        List<AcceleratorEpoch> epoch = session.trainEpoch(false);
        cpu.count((long) STEPS * accelerators);
        return epoch;
    }
}
