package io.jdlio.bench.micro;

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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The machine's speed, not jdlio's: a fixed chain of integer arithmetic (the core's clock and latency) and a
 * copy of 64 MiB (memory bandwidth), with no jdlio code in either. The regression suite runs it beside the
 * benchmarks it tracks, and scripts/compare scales one run's figures by how fast each machine ran this, so
 * a slower runner is not read as slower code. Changing these bodies invalidates every committed baseline.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ControlBenchmark {
    private static final int CHAIN = 1 << 16;
    private static final int COPY_BYTES = 64 << 20;

    private long seed;
    private byte[] from;
    private byte[] to;

    @Setup(Level.Trial)
    public void setUp() {
        from = new byte[COPY_BYTES];
        to = new byte[COPY_BYTES];
        for (int i = 0; i < COPY_BYTES; i += 4096) {
            from[i] = (byte) i;
        }
    }

    /** 65,536 dependent multiply-xorshift steps: nothing to vectorise or overlap, so the clock decides. */
    @Benchmark
    public long cpu() {
        return chain(seed++);
    }

    /** One copy of 64 MiB between two heap arrays: past L2 on any machine, so memory bandwidth decides. */
    @Benchmark
    public byte[] memoryCopy() {
        System.arraycopy(from, 0, to, 0, COPY_BYTES);
        return to;
    }

    private static long chain(long z) {
        for (int i = 0; i < CHAIN; i++) {
            z = (z ^ (z >>> 29)) * 0xBF58476D1CE4E5B9L;
        }
        return z;
    }
}
