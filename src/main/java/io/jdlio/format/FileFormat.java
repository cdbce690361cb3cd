package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One DLIO format: a streaming writer whose memory does not grow with the file, and a reader that parses the
 * container and reads the bytes a real loader of the format reads, without decoding the payload. Formats that
 * are one object each implement {@link StreamFormat}; those with companion objects (index files) or written
 * by a library to a file implement this directly.
 */
public interface FileFormat {

    DataFormat kind();

    /** The exact size of the data object, or -1 when only writing it tells (compressed images). */
    long fileSize(FileSpec spec);

    /** Paths of the objects written beside the data object (index files); none by default. */
    default List<String> companions(FileTarget target) {
        return List.of();
    }

    /**
     * Writes and publishes the data object and its companions, each under a temporary name until whole.
     * Companions first: a data object that exists is never missing its index. Returns every object published,
     * in that order, with the bytes committed.
     */
    List<Written> write(FileSpec spec, ContentStream content, Storage storage, FileTarget target, ByteBuffer scratch)
            throws IOException;

    /** Opens a file, companions included, for reading samples. */
    SampleReader openReader(Storage storage, FileTarget target) throws IOException;
}
