package io.jdlio.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Positional reads of one object. Safe to use from one thread at a time. */
public interface ObjectReader extends AutoCloseable {

    long size();

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code offset} into {@code dst}; returns the count,
     * which is short only at the end of the object.
     */
    int read(long offset, ByteBuffer dst) throws IOException;

    /**
     * Reads {@code [offset, offset + length)} from storage and throws the bytes away, as a benchmark loader
     * does with a payload, using {@code scratch} as it likes; returns the count (short only at the end of the
     * object), or -1 when this reader has no faster way than {@link #read} into {@code scratch}.
     */
    default long discard(long offset, long length, ByteBuffer scratch) throws IOException {
        return -1;
    }

    @Override
    void close() throws IOException;
}
