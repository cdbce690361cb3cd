package io.jdlio.format;

import io.jdlio.storage.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one NPY array stored at {@code base} in a file, the way {@code np.load} does: the header, then the
 * whole data block. A sample is a slice along the last axis, spread over the whole block, so the first sample
 * asked for reads the block and later samples of the same open file read nothing more. A deflated NPZ member
 * is read whole as stored; only its start is inflated, to parse the header, and the payload is never decoded.
 */
final class NpyArrayReader implements SampleReader {
    static final int HEADER_READ = 4096;

    private final ObjectReader in;
    private final String name;
    private final long base;
    private final long memberBytes;     // the member as stored: the reads stop there
    private final long prefixBytes;     // bytes already read before the header (e.g. the ZIP directory)
    private final boolean deflated;
    private boolean loaded;

    NpyArrayReader(ObjectReader in, String name, long base, long memberBytes, long prefixBytes, boolean deflated) {
        this.in = in;
        this.name = name;
        this.base = base;
        this.memberBytes = memberBytes;
        this.prefixBytes = prefixBytes;
        this.deflated = deflated;
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
        // an NPZ's array is its x.npy member, which starts at base; a deflated one is parsed once inflated
        String where = prefixBytes > 0 ? "x.npy in " + name + (deflated ? " (inflated)" : "") : name;
        NpyHeader.Parsed h;
        try {
            h = NpyHeader.parse(deflated ? inflateStart(scratch) : scratch, where, deflated ? 0 : base);
        } catch (RuntimeException e) {
            // a damaged dict (a shape that is no number, say) is a corrupt file, not a bug
            throw new IOException(where + ": unreadable NPY header at offset " + (deflated ? 0 : base) + ": " + e, e);
        }
        long nspf = h.shape().length == 0 ? 1 : h.shape()[h.shape().length - 1];
        if (sample < 0 || sample >= nspf) {
            throw new IOException(name + ": sample " + sample + " asked for, the array holds " + nspf);
        }
        long end = deflated ? memberBytes : h.dataOffset() + h.elements() * h.itemSize();
        long read = first;
        if (end > first) {
            read += Payload.readRange(in, base + first, end - first, scratch, name);
        }
        return prefixBytes + read;
    }

    /** The first bytes of a deflated member, inflated: enough for the NPY header. */
    private ByteBuffer inflateStart(ByteBuffer compressed) throws IOException {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(compressed.duplicate());
            ByteBuffer header = ByteBuffer.allocate(HEADER_READ);
            inflater.inflate(header);
            return header.flip();
        } catch (DataFormatException e) {
            throw new IOException(name + ": x.npy is not valid deflate data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
