package io.jdlio.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Streams one new object. Writes go to a temporary place; {@link #commit()} publishes the object whole,
 * {@link #abort()} (or closing without commit) discards it, so an interrupted run never leaves an object
 * that looks finished.
 */
public interface ObjectWriter extends AutoCloseable {

    /** Appends all remaining bytes of {@code src}. */
    void write(ByteBuffer src) throws IOException;

    /** Bytes appended so far. */
    long position();

    /**
     * Whether {@link #writeAt} works: true for files, false for object stores, which formats must then
     * serve with one forward pass (e.g. a CRC computed before its header is written).
     */
    boolean canWriteAt();

    /** Overwrites bytes already written at {@code offset}, e.g. a header whose CRC is known only at the end. */
    void writeAt(long offset, ByteBuffer src) throws IOException;

    /** Publishes the object; with {@code durable}, it is on stable storage before this returns. */
    void commit(boolean durable) throws IOException;

    /** Discards what was written. */
    void abort() throws IOException;

    /** Aborts unless committed. */
    @Override
    void close() throws IOException;
}
