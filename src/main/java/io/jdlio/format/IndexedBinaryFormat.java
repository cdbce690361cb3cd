package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * DLIO's indexed_binary (docs/datasets.md, "Formats"): samples back to back in the data object, beside it
 * {@code .off.idx} and {@code .sz.idx} holding each sample's offset and size as little-endian uint64. Offsets are
 * right past 2 GiB (DLIO restarts them per 2 GiB write chunk). Reading loads both indexes once per open file, then
 * reads exactly each sample's bytes.
 */
public class IndexedBinaryFormat implements FileFormat {

    @Override
    public DataFormat kind() {
        return DataFormat.INDEXED_BINARY;
    }

    @Override
    public long fileSize(FileSpec spec) {
        return spec.payloadBytes();
    }

    static String offsets(String path) {
        return path + ".off.idx";
    }

    static String sizes(String path) {
        return path + ".sz.idx";
    }

    @Override
    public List<String> companions(FileTarget target) {
        return List.of(offsets(target.path()), sizes(target.path()));
    }

    @Override
    public List<Written> write(FileSpec spec, ContentStream content, Storage storage, FileTarget target,
            ByteBuffer scratch) throws IOException {
        Written offsets = writeIndex(storage, offsets(target.path()), spec, true, scratch);
        Written sizes = writeIndex(storage, sizes(target.path()), spec, false, scratch);
        try (ObjectWriter w = storage.create(target.path())) {
            Payload.write(content, spec.payloadBytes(), w, scratch, null);
            w.commit(false);
            return List.of(offsets, sizes, new Written(target.path(), w.position()));
        }
    }

    private static Written writeIndex(Storage storage, String path, FileSpec spec, boolean offsets, ByteBuffer scratch)
            throws IOException {
        long size = spec.sampleBytes();
        try (ObjectWriter w = storage.create(path)) {
            ByteBuffer b = scratch.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            int k = 0;
            while (k < spec.samplesPerFile()) {
                b.clear();
                while (b.remaining() >= 8 && k < spec.samplesPerFile()) {
                    b.putLong(offsets ? k * size : size);
                    k++;
                }
                b.flip();
                w.write(b);
            }
            w.commit(false);
            return new Written(path, w.position());
        }
    }

    @Override
    public SampleReader openReader(Storage storage, FileTarget target) throws IOException {
        long[] read = {0};
        long[] offsets = readIndex(storage, offsets(target.path()), read);
        long[] sizes = readIndex(storage, sizes(target.path()), read);
        if (offsets.length != sizes.length) {
            throw new IOException(storage.describe(target.path()) + ": its .off.idx holds " + offsets.length
                    + " entries and its .sz.idx " + sizes.length);
        }
        return reader(storage, target, offsets, sizes, read[0]);
    }

    /** The sample reader over loaded indexes; {@code indexBytes} were read to load them. */
    SampleReader reader(Storage storage, FileTarget target, long[] offsets, long[] sizes, long indexBytes)
            throws IOException {
        ObjectReader data = storage.open(target.path());
        String name = storage.describe(target.path());
        return new SampleReader() {
            private long pending = indexBytes;

            @Override
            public long readSample(int sample, ByteBuffer scratch) throws IOException {
                check(sample, offsets.length, name);
                long n = Payload.readRange(data, offsets[sample], sizes[sample], scratch, name) + pending;
                pending = 0;
                return n;
            }

            @Override
            public void close() throws IOException {
                data.close();
            }
        };
    }

    static void check(int sample, int count, String name) throws IOException {
        if (sample < 0 || sample >= count) {
            throw new IOException(name + ": sample " + sample + " asked for, the index holds " + count);
        }
    }

    /** An index file as longs; adds the bytes read to {@code read[0]}. */
    static long[] readIndex(Storage storage, String path, long[] read) throws IOException {
        try (ObjectReader r = storage.open(path)) {
            if (r.size() % 8 != 0 || r.size() / 8 > Integer.MAX_VALUE) {
                throw new IOException(storage.describe(path) + ": " + r.size() + " bytes is not an index of uint64s");
            }
            long[] out = new long[(int) (r.size() / 8)];
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(r.size(), 1 << 20)).order(ByteOrder.LITTLE_ENDIAN);
            long at = 0;
            int k = 0;
            while (at < r.size()) {
                b.clear();
                int n = r.read(at, b);
                if (n <= 0) {
                    throw new IOException(storage.describe(path) + ": ends early at byte " + at);
                }
                b.flip();
                while (b.remaining() >= 8) {
                    out[k++] = b.getLong();
                }
                at += n;
            }
            read[0] += at;
            return out;
        }
    }
}
