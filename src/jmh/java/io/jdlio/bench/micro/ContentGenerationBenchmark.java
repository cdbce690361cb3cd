package io.jdlio.bench.micro;

import io.jdlio.data.ContentStream;
import io.jdlio.data.Redundancy;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What generating a byte of content costs before it reaches storage, per thread (run with -t N for N
 * threads; the rate is per thread): by buffer size, from one page (in L1) to 64 MiB (past every cache, so
 * memory's write bandwidth bounds it), and with fio's dedupe_percentage and buffer_compress_percentage
 * controls (see {@link Redundancy}), whose cost is the difference to 0/0. The secondary metric
 * {@code bytes} is bytes per second; the primary score is buffers per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ContentGenerationBenchmark {

    @Param({"4096", "65536", "1048576", "4194304", "67108864"})
    public int bufferBytes;

    @Param({"0", "50"})
    public int dedupePercentage;

    @Param({"0", "50"})
    public int compressPercentage;

    private ByteBuffer buffer;
    private ContentStream content;
    private long offset;

    @Setup(Level.Trial)
    public void setUp() {
        // direct, as the storage writers' buffers are
        buffer = ByteBuffer.allocateDirect(bufferBytes);
        content = new ContentStream(10, 3, new Redundancy(dedupePercentage, compressPercentage));
    }

    @Benchmark
    public ByteBuffer fill(Bytes counter) {
        return counter.add(bufferBytes, fill());
    }

    private ByteBuffer fill() {
        buffer.clear();
        content.fill(buffer, offset);
        offset += bufferBytes;
        return buffer;
    }
}
