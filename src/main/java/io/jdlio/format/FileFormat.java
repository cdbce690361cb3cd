package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One DLIO file format: a streaming writer whose memory does not grow with the file, and a reader that parses
 * the container and reads the bytes a real loader of the format reads, without decoding the payload.
 */
public interface FileFormat {

    DataFormat kind();

    /** The exact size of a file written by {@link #write}. */
    long fileSize(FileSpec spec);

    /**
     * Writes one whole file. {@code scratch} is the caller's reusable buffer (its size bounds memory use);
     * payload bytes come from {@code content}. Does not commit.
     */
    void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) throws IOException;

    /** Opens a file for reading samples; {@code name} is used in error messages. */
    SampleReader openReader(ObjectReader in, String name) throws IOException;
}
