package io.jdlio.bench.micro;

import io.jdlio.cluster.Cluster;
import io.jdlio.cluster.Clusters;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the per-step barrier of a training run costs: {@code accelerators} threads meet, and the last to arrive
 * meets the other ranks in one MPI_Barrier (under mpirun; on one host only the threads meet). Run it under
 * mpirun, e.g. {@code mpirun -np 2 --bind-to none java -jar target/benchmarks.jar HostBarrier}: every rank
 * must make the same number of calls, so each invocation is a fixed count of steps (SingleShotTime), never a
 * time-bounded loop, which would leave one rank waiting at a barrier the others no longer call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
public class HostBarrierBenchmark {
    private static final int STEPS = 20_000;

    /** Accelerator threads per rank. */
    @Param({"1", "4"})
    public int accelerators;

    private Cluster cluster;
    private StepBarriers steps;

    @Setup(Level.Trial)
    public void start() {
        cluster = Clusters.current();
        steps = new StepBarriers(accelerators, cluster);
    }

    /** One step's barrier, averaged over {@value #STEPS} steps of every thread. */
    @Benchmark
    @OperationsPerInvocation(STEPS)
    public long step() throws InterruptedException {
        return steps.run(STEPS);
    }
}
