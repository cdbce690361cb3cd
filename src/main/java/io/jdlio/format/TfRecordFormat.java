package io.jdlio.format;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.jdlio.config.DataFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * DLIO's tfrecord (docs/datasets.md, "Formats"): one record per sample, framed as length, masked CRC32C of the length,
 * payload, masked CRC32C of the payload. The payload is a {@code tf.train.Example} with features {@code image}
 * (the sample's bytes) and {@code size} (its byte count); the image bytes stream from the content generator
 * into the CRC and the file, so no record is ever held whole. Beside the data, DLIO's index
 * {@code <data_folder>/index/<split>/<name>.idx} lists each record's offset and framed length.
 */
public final class TfRecordFormat implements StreamFormat {
    private static final int MASK_DELTA = 0xA282EAD8;

    @Override
    public DataFormat kind() {
        return DataFormat.TFRECORD;
    }

    /**
     * The Example's bytes before and after the image bytes, for one record of {@code imageBytes}. Public for the
     * codec microbenchmark (ExampleProtoBenchmark), which measures this encoding.
     */
    public record Example(byte[] prefix, long imageBytes, byte[] suffix) {
        public long length() {
            return prefix.length + imageBytes + suffix.length;
        }
    }

    public static Example example(long imageBytes) throws IOException {
        // Example{features(1): Features{feature(1): entry{"image" -> Feature{bytes_list(1): BytesList{value(1)}}},
        //                               feature(1): entry{"size" -> Feature{int64_list(3): Int64List{value(1)}}}}}
        long bytesList = len(1, imageBytes);
        long imageFeature = len(1, bytesList);
        long imageEntry = len(1, 5) + len(2, imageFeature);
        int packed = CodedOutputStream.computeInt64SizeNoTag(imageBytes);
        long int64List = len(1, packed);
        long sizeFeature = len(3, int64List);
        long sizeEntry = len(1, 4) + len(2, sizeFeature);
        long features = len(1, imageEntry) + len(1, sizeEntry);

        ByteArrayOutputStream head = new ByteArrayOutputStream();
        CodedOutputStream h = CodedOutputStream.newInstance(head);
        h.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        h.writeUInt64NoTag(features);
        h.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        h.writeUInt64NoTag(imageEntry);
        h.writeString(1, "image");
        h.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        h.writeUInt64NoTag(imageFeature);
        h.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        h.writeUInt64NoTag(bytesList);
        h.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        h.writeUInt64NoTag(imageBytes);
        h.flush();

        ByteArrayOutputStream tail = new ByteArrayOutputStream();
        CodedOutputStream t = CodedOutputStream.newInstance(tail);
        t.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        t.writeUInt64NoTag(sizeEntry);
        t.writeString(1, "size");
        t.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        t.writeUInt64NoTag(sizeFeature);
        t.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        t.writeUInt64NoTag(int64List);
        t.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        t.writeUInt64NoTag(packed);
        t.writeInt64NoTag(imageBytes);
        t.flush();
        return new Example(head.toByteArray(), imageBytes, tail.toByteArray());
    }

    /** Bytes of a length-delimited field: tag, length varint, body. */
    private static long len(int field, long body) {
        return CodedOutputStream.computeTagSize(field) + CodedOutputStream.computeUInt64SizeNoTag(body) + body;
    }

    private static Example exampleOf(FileSpec spec) {
        try {
            return example(spec.sampleBytes());
        } catch (IOException e) {
            throw new IllegalStateException("encoding into memory cannot fail", e);
        }
    }

    /** A record's bytes on disk: 12 of header, the payload, 4 of footer. */
    static long recordBytes(FileSpec spec) {
        return 16 + exampleOf(spec).length();
    }

    @Override
    public long fileSize(FileSpec spec) {
        return recordBytes(spec) * spec.samplesPerFile();
    }

    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
    }

    /** DLIO's index: {@code <data_folder>/index/<train|valid>/<name>.idx}. */
    static String indexPath(FileTarget target) {
        return target.dataFolder() + "/index/" + target.split() + "/" + target.name() + ".idx";
    }

    @Override
    public List<String> companions(FileTarget target) {
        return List.of(indexPath(target));
    }

    @Override
    public void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) throws IOException {
        Example ex = exampleOf(spec);
        ByteBuffer header = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer footer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        for (int k = 0; k < spec.samplesPerFile(); k++) {
            header.clear().putLong(ex.length());
            crc.reset();
            crc.update(header.array(), 0, 8);
            header.putInt(mask((int) crc.getValue())).flip();
            out.write(header);
            crc.reset();
            crc.update(ex.prefix());
            out.write(ByteBuffer.wrap(ex.prefix()));
            long done = 0;
            while (done < ex.imageBytes()) {
                scratch.clear();
                scratch.limit((int) Math.min(scratch.capacity(), ex.imageBytes() - done));
                content.fill(scratch, k * ex.imageBytes() + done);
                scratch.flip();
                crc.update(scratch.duplicate());
                out.write(scratch);
                done += scratch.limit();
            }
            crc.update(ex.suffix());
            out.write(ByteBuffer.wrap(ex.suffix()));
            footer.clear().putInt(mask((int) crc.getValue())).flip();
            out.write(footer);
        }
    }

    @Override
    public List<Written> write(FileSpec spec, ContentStream content, Storage storage, FileTarget target,
            ByteBuffer scratch) throws IOException {
        long record = recordBytes(spec);
        StringBuilder index = new StringBuilder();
        for (int k = 0; k < spec.samplesPerFile(); k++) {
            index.append(k * record).append(' ').append(record).append('\n');
        }
        Written indexWritten;
        try (ObjectWriter w = storage.create(indexPath(target))) {
            w.write(ByteBuffer.wrap(index.toString().getBytes(StandardCharsets.US_ASCII)));
            w.commit(false);
            indexWritten = new Written(indexPath(target), w.position());
        }
        return List.of(indexWritten, StreamFormat.super.write(spec, content, storage, target, scratch).get(0));
    }

    @Override
    public SampleReader openReader(ObjectReader in, String name) {
        return new RecordReader(in, name);
    }

    /**
     * Streams records from the start of the file, as TFRecordDataset does, through its read buffer (256 KiB
     * by default), checking both CRCs of each, and reads each record once: asking for record k reads every
     * record up to k not yet read, and asking for one already streamed costs nothing (tf.data shuffles in
     * memory, after the sequential read). A payload larger than the buffer is read through the caller's scratch.
     */
    private static final class RecordReader implements SampleReader {
        /** TFRecordDataset's default {@code buffer_size}. */
        private static final int READ_BUFFER = 256 << 10;

        private final ObjectReader in;
        private final String name;
        private final CRC32C crc = new CRC32C();
        private ByteBuffer window;      // the file's bytes [windowStart, windowStart + window.limit())
        private long windowStart;
        private long bytesRead;
        private long position;
        private int next;

        RecordReader(ObjectReader in, String name) {
            this.in = in;
            this.name = name;
        }

        @Override
        public long readSample(int sample, ByteBuffer scratch) throws IOException {
            while (next <= sample) {
                readRecord(scratch);
            }
            long n = bytesRead;
            bytesRead = 0;
            return n;
        }

        /**
         * The file's bytes {@code [at, at + n)} in the buffer, read (with what follows, up to the buffer's size)
         * when not there yet; null when the file ends first.
         */
        private ByteBuffer buffered(long at, int n) throws IOException {
            if (window == null) {
                window = ByteBuffer.allocate((int) Math.min(READ_BUFFER, Math.max(16, in.size())))
                        .order(ByteOrder.LITTLE_ENDIAN).limit(0);
            }
            long end = windowStart + window.limit();
            if (at < windowStart || at + n > end) {
                if (at >= windowStart && at < end) {
                    window.position((int) (at - windowStart)).compact();
                } else {
                    window.clear();
                }
                windowStart = at;
                window.limit((int) Math.min(window.capacity(), in.size() - at));
                while (window.hasRemaining()) {
                    int r = in.read(at + window.position(), window);
                    if (r <= 0) {
                        break;
                    }
                    bytesRead += r;
                }
                window.flip();
                if (window.limit() < n) {
                    return null;
                }
            }
            int from = (int) (at - windowStart);
            return window.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(from).limit(from + n);
        }

        private void readRecord(ByteBuffer scratch) throws IOException {
            long start = position;
            ByteBuffer header = buffered(start, 12);
            if (header == null) {
                throw cutShort(start);
            }
            long length = header.getLong(header.position());
            crc.reset();
            crc.update(header.duplicate().limit(header.position() + 8));
            if (mask((int) crc.getValue()) != header.getInt(header.position() + 8)) {
                throw new IOException(name + ": record " + next + " at offset " + start
                        + " has a corrupt length (CRC32C mismatch)");
            }
            crc.reset();
            long at = start + 12;
            long left = length;
            long inBuffer = Math.min(left, windowStart + window.limit() - at);
            if (inBuffer > 0) {
                crc.update(buffered(at, (int) inBuffer));
                at += inBuffer;
                left -= inBuffer;
            }
            while (left > 0) {
                scratch.clear();
                scratch.limit((int) Math.min(scratch.capacity(), left));
                int n = in.read(at, scratch);
                if (n <= 0) {
                    throw cutShort(start);
                }
                scratch.flip();
                crc.update(scratch);
                bytesRead += n;
                at += n;
                left -= n;
            }
            ByteBuffer footer = buffered(at, 4);
            if (footer == null || mask((int) crc.getValue()) != footer.getInt(footer.position())) {
                throw new IOException(name + ": record " + next + " at offset " + start
                        + " has a corrupt payload (CRC32C mismatch)");
            }
            position = at + 4;
            next++;
        }

        private IOException cutShort(long start) {
            return new IOException(name + ": record " + next + " at offset " + start + " is cut short "
                    + "(file truncated?)");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
