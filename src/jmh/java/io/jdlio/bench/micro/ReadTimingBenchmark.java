package io.jdlio.bench.micro;

import io.jdlio.metrics.Latency;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What timing one sample read costs: the two clock reads and the histogram record the reader adds around every
 * sample (SampleSource.read). A step reads batch_size samples, so the cost per step is batch_size x this score,
 * to set against the step's emulated compute: at batch 7 and 0.375 ms of compute, 1 % is 536 ns per sample.
 * {@code clockOnly} is the two clock reads alone; {@code spreadDurations} records durations spread over four
 * decades, as a slow storage's tail gives, so the histogram's counts do not all sit in one cache line.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ReadTimingBenchmark {
    private static final int DURATIONS = 1 << 12;

    private Latency latency;
    private long[] durations;
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        latency = new Latency();
        durations = new long[DURATIONS];
        SplittableRandom rng = new SplittableRandom(7);
        for (int i = 0; i < DURATIONS; i++) {
            // 10 us .. 100 ms, log-uniform
            durations[i] = (long) Math.pow(10, 4 + 4 * rng.nextDouble());
        }
    }

    @Benchmark
    public long clockOnly() {
        long started = System.nanoTime();
        return System.nanoTime() - started;
    }

    @Benchmark
    public Latency hook() {
        long started = System.nanoTime();
        latency.record(System.nanoTime() - started);
        return latency;
    }

    @Benchmark
    public Latency spreadDurations() {
        long started = System.nanoTime();
        latency.record(System.nanoTime() - started + durations[next++ & (DURATIONS - 1)]);
        return latency;
    }
}
