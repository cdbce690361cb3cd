package io.jdlio.format;

import io.airlift.compress.Compressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.jdlio.config.Compression;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import org.apache.parquet.format.CompressionCodec;

/**
 * Compresses one Parquet page body. Snappy, LZ4 and zstd are aircompressor's pure-Java block codecs (LZ4 as
 * LZ4_RAW, the codec current writers use; Parquet's older LZ4 has two incompatible framings); gzip is a
 * gzip member around the JDK's deflate at {@code dataset.compression_level}. One instance per writing thread.
 */
public final class ParquetCodec implements AutoCloseable {
    private static final int GZIP_HEADER = 10;
    private static final int GZIP_TRAILER = 8;

    private final Compression compression;
    private final Compressor block;
    private final Deflater deflater;

    public ParquetCodec(Compression compression, int level) {
        this.compression = compression;
        switch (compression) {
            case SNAPPY: block = new SnappyCompressor(); deflater = null; break;
            case LZ4: block = new Lz4Compressor(); deflater = null; break;
            case ZSTD: block = new ZstdCompressor(); deflater = null; break;
            case GZIP: block = null; deflater = new Deflater(level, true); break;
            case NONE: block = null; deflater = null; break;
            default: throw new IllegalArgumentException("no Parquet codec for compression " + compression.yamlName());
        }
    }

    boolean compresses() {
        return compression != Compression.NONE;
    }

    CompressionCodec thrift() {
        switch (compression) {
            case SNAPPY: return CompressionCodec.SNAPPY;
            case LZ4: return CompressionCodec.LZ4_RAW;
            case ZSTD: return CompressionCodec.ZSTD;
            case GZIP: return CompressionCodec.GZIP;
            default: return CompressionCodec.UNCOMPRESSED;
        }
    }

    /** The largest output {@link #compress} may produce for {@code n} input bytes. */
    public int maxCompressedLength(int n) {
        if (block != null) {
            return block.maxCompressedLength(n);
        }
        // deflate's stored-block worst case: 5 bytes per 16 KiB block, plus the gzip framing
        return n + 5 * (n / 16_383 + 1) + GZIP_HEADER + GZIP_TRAILER + 16;
    }

    /** Compresses {@code in[0, n)} into {@code out}; returns the compressed length. */
    public int compress(byte[] in, int n, byte[] out) {
        if (block != null) {
            return block.compress(in, 0, n, out, 0, out.length);
        }
        // gzip member: magic, deflate, no flags, no mtime, no extra flags, OS unknown
        byte[] header = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};
        System.arraycopy(header, 0, out, 0, GZIP_HEADER);
        deflater.reset();
        deflater.setInput(in, 0, n);
        deflater.finish();
        int len = GZIP_HEADER;
        while (!deflater.finished()) {
            len += deflater.deflate(out, len, out.length - GZIP_TRAILER - len);
        }
        CRC32 crc = new CRC32();
        crc.update(in, 0, n);
        intLe(out, len, (int) crc.getValue());
        intLe(out, len + 4, n);
        return len + GZIP_TRAILER;
    }

    /** Frees the deflater's native memory now rather than when it is collected. */
    @Override
    public void close() {
        if (deflater != null) {
            deflater.end();
        }
    }

    private static void intLe(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
        b[at + 2] = (byte) (v >>> 16);
        b[at + 3] = (byte) (v >>> 24);
    }
}
