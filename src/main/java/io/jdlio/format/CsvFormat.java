package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * DLIO's csv (docs/datasets.md, "Formats"): one row per sample, every row the same flattened vector of the sample's
 * elements in decimal, comma separated, no header. Rows are produced chunk by chunk, so a row of any length streams
 * through a small buffer. Integers are written as their values; floats as a value in [0, 1).
 */
public final class CsvFormat implements StreamFormat {

    @Override
    public DataFormat kind() {
        return DataFormat.CSV;
    }

    @Override
    public long fileSize(FileSpec spec) {
        return -1;
    }

    @Override
    public void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) throws IOException {
        long elements = spec.sampleBytes() / spec.elementType().bytes();
        int width = spec.elementType().bytes();
        int chunkElements = Math.max(1, Math.min(scratch.capacity() / 32, 1 << 16));
        ByteBuffer raw = ByteBuffer.allocate(chunkElements * width).order(ByteOrder.LITTLE_ENDIAN);
        StringBuilder text = new StringBuilder(chunkElements * 8);
        for (int row = 0; row < spec.samplesPerFile(); row++) {
            for (long e = 0; e < elements; e += chunkElements) {
                int n = (int) Math.min(chunkElements, elements - e);
                raw.clear().limit(n * width);
                content.fill(raw, e * width);
                raw.flip();
                text.setLength(0);
                for (int i = 0; i < n; i++) {
                    if (e + i > 0) {
                        text.append(',');
                    }
                    value(text, raw, i * width, spec.elementType());
                }
                if (e + n == elements) {
                    text.append('\n');
                }
                out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
            }
        }
    }

    private static void value(StringBuilder sb, ByteBuffer raw, int at, ElementType type) {
        switch (type) {
            case INT8: sb.append(raw.get(at)); break;
            case INT16: sb.append(raw.getShort(at)); break;
            case UINT16: sb.append(Short.toUnsignedInt(raw.getShort(at))); break;
            case INT32: sb.append(raw.getInt(at)); break;
            case UINT32: sb.append(Integer.toUnsignedLong(raw.getInt(at))); break;
            case INT64: sb.append(raw.getLong(at)); break;
            case UINT64: sb.append(Long.toUnsignedString(raw.getLong(at))); break;
            case FLOAT16: case BFLOAT16: case FLOAT32:
                sb.append((Short.toUnsignedInt(raw.getShort(at)) >>> 2) / 16384f); break;
            case FLOAT64: sb.append((raw.getInt(at) >>> 8) / 16777216.0); break;
            case BOOL: sb.append(raw.get(at) & 1); break;
            default: sb.append(Byte.toUnsignedInt(raw.get(at))); break;
        }
    }

    @Override
    public SampleReader openReader(ObjectReader in, String name) {
        return new WholeFileReader(in, name, "CSV", new byte[0]);
    }
}
