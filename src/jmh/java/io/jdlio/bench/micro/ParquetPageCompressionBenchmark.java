package io.jdlio.bench.micro;

import io.jdlio.config.Compression;
import io.jdlio.data.ContentStream;
import io.jdlio.format.ParquetCodec;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a compressed Parquet dataset costs to generate per core: compressing one 1 MiB page of jdlio's
 * content with each codec. The content is incompressible on purpose (a benchmark must not let the codec
 * shrink what storage sees), so this is the codecs' worst case, as with real encoded embeddings. Score is
 * pages per second; multiply by pageBytes for bytes.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ParquetPageCompressionBenchmark {

    @Param({"snappy", "gzip", "lz4", "zstd"})
    public String codec;

    @Param("1048576")
    public int pageBytes;

    private ParquetCodec parquetCodec;
    private byte[] page;
    private byte[] packed;

    @Setup(Level.Trial)
    public void setUp() {
        parquetCodec = new ParquetCodec(Compression.valueOf(codec.toUpperCase(java.util.Locale.ROOT)), 4);
        ByteBuffer b = ByteBuffer.allocate(pageBytes);
        new ContentStream(10, 3).fill(b, 0);
        page = b.array();
        packed = new byte[parquetCodec.maxCompressedLength(pageBytes)];
    }

    @Benchmark
    public int compressPage() {
        return parquetCodec.compress(page, pageBytes, packed);
    }
}
