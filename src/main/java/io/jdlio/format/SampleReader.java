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

    /**
     * The first sample of {@code [from, to)} that {@link #readSample} would read from storage now; the ones
     * before it an earlier call already read (a Parquet row group the loader holds). The loader hands those on
     * without timing each: at a Parquet batch of 16384 rows, two clock reads per sample cost more than the
     * reads. {@code from} unless a reader knows.
     */
    default int residentUntil(int from, int to) {
        return from;
    }

    @Override
    void close() throws IOException;
}
