package io.jdlio.bench.micro;

import io.jdlio.data.ContentStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What generating a byte costs before it reaches storage: the deterministic content itself, and the CRC-32
 * an NPZ entry needs. Both must stay well above the write rate of the storage under test. Score is buffers
 * per second; multiply by bufferBytes for bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ContentGenerationBenchmark {

    @Param("4194304")
    public int bufferBytes;

    private ByteBuffer buffer;
    private ContentStream content;
    private long offset;

    @Setup(Level.Trial)
    public void setUp() {
        buffer = ByteBuffer.allocateDirect(bufferBytes);
        content = new ContentStream(10, 3);
    }

    @Benchmark
    public ByteBuffer fill() {
        buffer.clear();
        content.fill(buffer, offset);
        offset += bufferBytes;
        return buffer;
    }

    @Benchmark
    public long fillAndCrc() {
        buffer.clear();
        content.fill(buffer, offset);
        offset += bufferBytes;
        buffer.flip();
        CRC32 crc = new CRC32();
        crc.update(buffer);
        return crc.getValue();
    }
}
