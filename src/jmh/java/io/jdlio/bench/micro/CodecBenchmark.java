package io.jdlio.bench.micro;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.jdlio.data.ContentStream;
import io.jdlio.data.Redundancy;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
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
 * The general-purpose codecs jdlio's formats use, as block codecs: deflate (the JDK's zlib, at NPZ's and
 * HDF5's default level 6 and at 1), and aircompressor's pure-Java zstd, lz4 and snappy, by record size and by
 * how compressible the record is (0: jdlio's default incompressible content, 50: fio's
 * buffer_compress_percentage=50). Secondary metric {@code bytes}: uncompressed bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class CodecBenchmark {

    @Param({"deflate6", "deflate1", "zstd", "lz4", "snappy"})
    public String codec;

    @Param({"4096", "65536", "1048576"})
    public int recordBytes;

    @Param({"0", "50"})
    public int compressPercentage;

    private byte[] record;
    private byte[] packed;
    private int packedBytes;
    private byte[] unpacked;
    private Compressor compressor;
    private Decompressor decompressor;
    private Deflater deflater;
    private Inflater inflater;

    @Setup(Level.Trial)
    public void setUp() throws DataFormatException {
        ByteBuffer b = ByteBuffer.allocate(recordBytes);
        new ContentStream(10, 3, new Redundancy(0, compressPercentage)).fill(b, 0);
        record = b.array();
        unpacked = new byte[recordBytes];
        switch (codec) {
            case "deflate6", "deflate1" -> {
                deflater = new Deflater(codec.equals("deflate6") ? 6 : 1, true);
                inflater = new Inflater(true);
            }
            case "zstd" -> {
                compressor = new ZstdCompressor();
                decompressor = new ZstdDecompressor();
            }
            case "lz4" -> {
                compressor = new Lz4Compressor();
                decompressor = new Lz4Decompressor();
            }
            case "snappy" -> {
                compressor = new SnappyCompressor();
                decompressor = new SnappyDecompressor();
            }
            default -> throw new IllegalArgumentException("codec " + codec
                    + ": expected deflate6, deflate1, zstd, lz4 or snappy");
        }
        packed = new byte[compressor != null ? compressor.maxCompressedLength(recordBytes) : recordBytes + recordBytes / 8 + 1024];
        packedBytes = compress();
        if (decompress() != recordBytes) {
            throw new IllegalStateException(codec + " did not round-trip " + recordBytes + " bytes");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (deflater != null) {
            deflater.end();
            inflater.end();
        }
    }

    @Benchmark
    public int compress(Bytes counter) {
        return counter.add(recordBytes, compress());
    }

    @Benchmark
    public int decompress(Bytes counter) throws DataFormatException {
        return counter.add(recordBytes, decompress());
    }

    private int compress() {
        if (compressor != null) {
            return compressor.compress(record, 0, recordBytes, packed, 0, packed.length);
        }
        deflater.reset();
        deflater.setInput(record);
        deflater.finish();
        int n = 0;
        while (!deflater.finished()) {
            n += deflater.deflate(packed, n, packed.length - n);
        }
        return n;
    }

    private int decompress() throws DataFormatException {
        if (decompressor != null) {
            return decompressor.decompress(packed, 0, packedBytes, unpacked, 0, unpacked.length);
        }
        inflater.reset();
        inflater.setInput(packed, 0, packedBytes);
        int n = 0;
        while (!inflater.finished() && n < unpacked.length) {
            n += inflater.inflate(unpacked, n, unpacked.length - n);
        }
        return n;
    }
}
