package io.jdlio.format;

import io.jdlio.storage.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads one NPY array stored at {@code base} in a file, the way {@code np.load} does: the header, then the
 * whole data block. A sample is a slice along the last axis, spread over the whole block, so the first sample
 * asked for reads the block and later samples of the same open file read nothing more.
 */
final class NpyArrayReader implements SampleReader {
    static final int HEADER_READ = 4096;

    private final ObjectReader in;
    private final String name;
    private final long base;
    private final long memberBytes;     // header plus data: the first read stops there
    private final long prefixBytes;     // bytes already read before the header (e.g. the ZIP directory)
    private boolean loaded;

    NpyArrayReader(ObjectReader in, String name, long base, long memberBytes, long prefixBytes) {
        this.in = in;
        this.name = name;
        this.base = base;
        this.memberBytes = memberBytes;
        this.prefixBytes = prefixBytes;
    }

    @Override
    public long readSample(int sample, ByteBuffer scratch) throws IOException {
        if (loaded) {
            return 0;
        }
        loaded = true;
        // a page-sized first read holds the header (and the start of the data), as a loader's first read
        scratch.clear();
        scratch.limit((int) Math.min(Math.min(scratch.capacity(), HEADER_READ), memberBytes));
        int first = in.read(base, scratch);
        scratch.flip();
        NpyHeader.Parsed h = NpyHeader.parse(scratch, name);
        long nspf = h.shape().length == 0 ? 1 : h.shape()[h.shape().length - 1];
        if (sample < 0 || sample >= nspf) {
            throw new IOException(name + ": sample " + sample + " asked for, the array holds " + nspf);
        }
        long end = h.dataOffset() + h.elements() * h.itemSize();
        long read = first;
        if (end > first) {
            read += Payload.readRange(in, base + first, end - first, scratch, name);
        }
        return prefixBytes + read;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
