package io.jdlio.format;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Reads samples of one open file. One thread at a time; close releases the file. */
public interface SampleReader extends AutoCloseable {

    /**
     * Reads what a loader of this format reads from storage to deliver sample {@code sample}, through
     * {@code scratch}; returns the bytes read from storage (0 when an earlier call already read them).
     */
    long readSample(int sample, ByteBuffer scratch) throws IOException;

    @Override
    void close() throws IOException;
}
