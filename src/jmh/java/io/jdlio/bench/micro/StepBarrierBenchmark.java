package io.jdlio.bench.micro;

import io.jdlio.workload.StepBarrier;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
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
 * One step's barrier across N accelerators: the benchmark thread is one accelerator, N-1 threads started in the
 * setup are the others, each looping on the barrier. A round ends when the last of them has been woken and has
 * arrived again, so the score is the time the barrier itself adds to every step when compute is zero.
 * {@code kind=cyclic} is the CyclicBarrier jdlio used before, for the comparison on the same machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class StepBarrierBenchmark {

    @Param({"1", "2", "8", "64"})
    public int accelerators;

    @Param({"step", "cyclic"})
    public String kind;

    @FunctionalInterface
    private interface Await {
        void await() throws Exception;
    }

    private Await barrier;
    private Runnable breakIt;
    private Thread[] others;

    @Setup(Level.Trial)
    public void setUp() {
        if (kind.equals("cyclic")) {
            CyclicBarrier c = new CyclicBarrier(accelerators);
            barrier = c::await;
            breakIt = c::reset;
        } else {
            StepBarrier s = new StepBarrier(accelerators);
            barrier = s::await;
            breakIt = s::breakBarrier;
        }
        others = new Thread[accelerators - 1];
        for (int i = 0; i < others.length; i++) {
            others[i] = new Thread(() -> {
                try {
                    while (true) {
                        barrier.await();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    // the trial is over
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "accelerator-" + (i + 1));
            others[i].setDaemon(true);
            others[i].start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        breakIt.run();
        for (Thread t : others) {
            t.interrupt();
            t.join(10_000);
        }
    }

    @Benchmark
    public void step() throws Exception {
        barrier.await();
    }
}
