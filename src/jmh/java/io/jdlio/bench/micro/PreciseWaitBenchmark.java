package io.jdlio.bench.micro;

import io.jdlio.workload.PreciseWait;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * One emulated compute wait of 100 us or 1 ms: the score is the wait's real length (its error is the score less
 * {@code micros}); the secondary counters give the overshoot and the CPU the waits burnt (see Cost). With
 * {@code others} threads doing the same waits at the same time (many accelerators on few cores), at most half
 * the cores may spin and the rest park to the deadline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class PreciseWaitBenchmark {

    @Param({"100", "1000"})
    public int micros;

    /** Threads waiting alongside, as other accelerators do. */
    @Param({"0", "63"})
    public int others;

    private Thread[] threads;
    private volatile boolean stop;

    /**
     * The benchmark thread's waits, overshoot and CPU as totals (JMH sums these counters over iterations, so
     * only their ratios mean anything): overshootNanos / waits is the mean error, cpuNanos / waitedNanos the
     * share of a core the waits burnt.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Cost {
        private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
        public long waits;
        public long waitedNanos;
        public long overshootNanos;
        public long cpuNanos;

        @Setup(Level.Iteration)
        public void reset() {
            waits = 0;
            waitedNanos = 0;
            overshootNanos = 0;
            cpuNanos = 0;
        }

        void add(double target, double waited, long cpu) {
            waits++;
            waitedNanos += (long) (waited * 1e9);
            overshootNanos += (long) ((waited - target) * 1e9);
            cpuNanos += cpu;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        double seconds = micros / 1e6;
        threads = new Thread[others];
        for (int i = 0; i < others; i++) {
            threads[i] = new Thread(() -> {
                while (!stop) {
                    PreciseWait.waitSeconds(seconds);
                }
            }, "accelerator-" + (i + 1));
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(10_000);
        }
    }

    @Benchmark
    public double preciseWait(Cost cost) {
        double target = micros / 1e6;
        long cpu = Cost.CPU.getCurrentThreadCpuTime();
        double waited = PreciseWait.waitSeconds(target);
        cost.add(target, waited, Cost.CPU.getCurrentThreadCpuTime() - cpu);
        return waited;
    }
}
