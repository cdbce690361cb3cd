package io.jdlio.bench.micro;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.jdlio.config.Compression;
import io.jdlio.data.ContentStream;
import io.jdlio.data.Redundancy;
import io.jdlio.format.ParquetCodec;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Parquet page body per codec: {@code encode} is jdlio's own ParquetCodec as the Parquet writer calls it
 * (a gzip member around deflate with its CRC-32 for gzip, LZ4_RAW, snappy and zstd blocks), {@code decode}
 * what a reader that decompresses pays for the same page. jdlio's content is incompressible by default, the
 * codecs' worst case and what storage should see; compressPercentage=50 is fio's half-compressible buffer.
 * Secondary metric {@code bytes}: page (uncompressed) bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ParquetPageBenchmark {
    private static final int GZIP_HEADER = 10;
    private static final int GZIP_TRAILER = 8;

    @Param({"snappy", "gzip", "lz4", "zstd"})
    public String codec;

    @Param({"65536", "1048576"})
    public int pageBytes;

    @Param({"0", "50"})
    public int compressPercentage;

    private ParquetCodec parquetCodec;
    private Decompressor decompressor;
    private Inflater inflater;
    private byte[] page;
    private byte[] packed;
    private int packedBytes;
    private byte[] unpacked;

    @Setup(Level.Trial)
    public void setUp() throws DataFormatException {
        Compression compression = Compression.valueOf(codec.toUpperCase(Locale.ROOT));
        parquetCodec = new ParquetCodec(compression, 4);
        decompressor = switch (compression) {
            case SNAPPY -> new SnappyDecompressor();
            case LZ4 -> new Lz4Decompressor();
            case ZSTD -> new ZstdDecompressor();
            default -> null;
        };
        inflater = decompressor == null ? new Inflater(true) : null;
        ByteBuffer b = ByteBuffer.allocate(pageBytes);
        new ContentStream(10, 3, new Redundancy(0, compressPercentage)).fill(b, 0);
        page = b.array();
        packed = new byte[parquetCodec.maxCompressedLength(pageBytes)];
        unpacked = new byte[pageBytes];
        packedBytes = encode();
        if (decode() != pageBytes) {
            throw new IllegalStateException(codec + " page did not round-trip " + pageBytes + " bytes");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        parquetCodec.close();
        if (inflater != null) {
            inflater.end();
        }
    }

    @Benchmark
    public int encode(Bytes counter) {
        return counter.add(pageBytes, encode());
    }

    @Benchmark
    public int decode(Bytes counter) throws DataFormatException {
        return counter.add(pageBytes, decode());
    }

    private int encode() {
        return parquetCodec.compress(page, pageBytes, packed);
    }

    private int decode() throws DataFormatException {
        if (decompressor != null) {
            return decompressor.decompress(packed, 0, packedBytes, unpacked, 0, unpacked.length);
        }
        // the gzip member's deflate stream, between its 10-byte header and its CRC and length
        inflater.reset();
        inflater.setInput(packed, GZIP_HEADER, packedBytes - GZIP_HEADER - GZIP_TRAILER);
        int n = 0;
        while (!inflater.finished() && n < unpacked.length) {
            n += inflater.inflate(unpacked, n, unpacked.length - n);
        }
        return n;
    }
}
