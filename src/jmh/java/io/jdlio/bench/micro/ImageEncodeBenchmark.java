package io.jdlio.bench.micro;

import io.jdlio.config.DataFormat;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.format.FileSpec;
import io.jdlio.format.ImageFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
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
 * JPEG and PNG encoding of one generated grey image by jdlio's ImageFormat (ImageIO, DLIO's quality 75 for
 * JPEG), into memory: what generating an image dataset costs per core before storage, by image size
 * (side x side pixels). Secondary metric {@code bytes}: pixel bytes encoded per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ImageEncodeBenchmark {

    @Param({"jpeg", "png"})
    public String format;

    @Param({"64", "512", "2048"})
    public int side;

    private ImageFormat imageFormat;
    private FileSpec spec;
    private ContentStream content;
    private MemoryObject object;
    private ByteBuffer scratch;
    private long pixels;

    @Setup(Level.Trial)
    public void setUp() {
        imageFormat = new ImageFormat(DataFormat.valueOf(format.toUpperCase(Locale.ROOT)));
        spec = new FileSpec(new long[] {side, side}, 1, ElementType.UINT8);
        content = new ContentStream(10, 3);
        pixels = (long) side * side;
        // incompressible pixels: a PNG is slightly larger than its pixels, a JPEG smaller
        object = new MemoryObject((int) (pixels * 2 + 65536));
        scratch = ByteBuffer.allocateDirect(1 << 20);
    }

    @Benchmark
    public long encode(Bytes counter) throws IOException {
        return counter.add(pixels, encodeImage());
    }

    private long encodeImage() throws IOException {
        imageFormat.write(spec, content, object.writer(), scratch.clear());
        return object.size();
    }
}
