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

    @Override
    void close() throws IOException;
}
