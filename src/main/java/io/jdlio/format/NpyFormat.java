package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;

/** DLIO's npy: one array of shape {@code (*sample shape, nspf)} in NPY 1.0, as {@code np.save} writes it. */
public final class NpyFormat implements StreamFormat {

    @Override
    public DataFormat kind() {
        return DataFormat.NPY;
    }

    static long[] arrayShape(FileSpec spec) {
        long[] shape = java.util.Arrays.copyOf(spec.sampleShape(), spec.sampleShape().length + 1);
        shape[shape.length - 1] = spec.samplesPerFile();
        return shape;
    }

    static byte[] header(FileSpec spec) {
        return NpyHeader.encode(spec.elementType().descr(), arrayShape(spec));
    }

    @Override
    public long fileSize(FileSpec spec) {
        return header(spec).length + spec.payloadBytes();
    }

    @Override
    public void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch)
            throws IOException {
        out.write(ByteBuffer.wrap(header(spec)));
        Payload.write(content, spec.payloadBytes(), out, scratch, null);
    }

    @Override
    public SampleReader openReader(ObjectReader in, String name) {
        return new NpyArrayReader(in, name, 0, in.size(), 0, false);
    }
}
