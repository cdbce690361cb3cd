package io.jdlio.format;

import io.jdlio.storage.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * For formats a loader reads whole before it can hand out any sample (CSV parsed by pandas, an image decoded
 * by PIL): the first sample asked for reads the file, later samples of the same open file read nothing.
 * What the decoder would refuse first is checked on the bytes read anyway: an empty file, and an image whose
 * signature is not there, are errors rather than samples.
 */
final class WholeFileReader implements SampleReader {
    private final ObjectReader in;
    private final String name;
    private final String kind;
    private final byte[] signature;
    private boolean loaded;

    /** {@code kind} names the format in errors; {@code signature} is the file's first bytes, or empty for none. */
    WholeFileReader(ObjectReader in, String name, String kind, byte[] signature) {
        this.in = in;
        this.name = name;
        this.kind = kind;
        this.signature = signature;
    }

    @Override
    public long readSample(int sample, ByteBuffer scratch) throws IOException {
        if (loaded) {
            return 0;
        }
        loaded = true;
        long size = in.size();
        if (size == 0) {
            throw new IOException(name + ": read 0 bytes, expected a whole " + kind + " file (empty or truncated)");
        }
        scratch.clear();
        scratch.limit((int) Math.min(scratch.capacity(), size));
        long first = Payload.readFully(in, 0, scratch, name);
        for (int i = 0; i < signature.length; i++) {
            if (i >= scratch.limit() || scratch.get(i) != signature[i]) {
                throw new IOException(name + ": expected the " + kind + " signature " + hex(signature)
                        + " at offset 0, found " + hex(scratch, Math.min(signature.length, scratch.limit()))
                        + "; the file is corrupt");
            }
        }
        return first + Payload.readRange(in, first, size - first, scratch, name);
    }

    private static String hex(byte[] b) {
        return hex(ByteBuffer.wrap(b), b.length);
    }

    private static String hex(ByteBuffer b, int n) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(String.format("%02x", b.get(i) & 0xff));
        }
        return s.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
