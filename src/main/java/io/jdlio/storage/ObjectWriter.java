package io.jdlio.storage;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Streams one new object. Writes go to a temporary place; {@link #commit()} publishes the object whole,
 * {@link #abort()} (or closing without commit) discards it, so an interrupted run never leaves an object
 * that looks finished.
 */
public interface ObjectWriter extends AutoCloseable {

    /**
     * Says, before the first write, that the object will end at {@code objectBytes}, so a writer can hold it
     * from the first byte where it will be sent from (an object store's part buffer) instead of moving it
     * there once it outgrows a smaller buffer. Optional; writing more or less is still allowed.
     */
    default void expect(long objectBytes) throws IOException {
    }

    /**
     * The buffer the writer will send the next bytes from, for a caller that makes bytes (generated content)
     * to make them there instead of in a buffer of its own that {@link #write} then copies: a buffer of 1 to
     * {@code maxBytes} bytes from position 0 to its limit, or null where the writer has none (files: the
     * kernel copies anyway). The caller fills it and calls {@link #advance} with the bytes it made.
     */
    default ByteBuffer window(int maxBytes) throws IOException {
        return null;
    }

    /** Appends the first {@code n} bytes of the last {@link #window}, which the caller has filled. */
    default void advance(int n) throws IOException {
        throw new IOException("this writer lends no window");
    }

    /** Appends all remaining bytes of {@code src}. */
    void write(ByteBuffer src) throws IOException;

    /** Bytes appended so far. */
    long position();

    /**
     * Whether {@link #writeAt} works on this object when it will end at {@code objectBytes} (-1: not known):
     * always for files; on an object store only for an object held whole until its commit sends it in one PUT,
     * never for one that streams out in parts or blocks, or an O_DIRECT file. Where it does not, a format
     * makes one forward pass (e.g. a CRC computed before its header is written, which makes the content twice).
     */
    boolean canWriteAt(long objectBytes);

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
