package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One DLIO format: a streaming writer whose memory does not grow with the file, and a reader that parses the
 * container and reads the bytes a real loader of the format reads, without decoding the payload. Single-object
 * formats implement the ObjectWriter / ObjectReader forms; formats with companion objects (index files)
 * override the Storage forms too.
 */
public interface FileFormat {

    DataFormat kind();

    /** The exact size of the data object, or -1 when only writing it tells (compressed images). */
    long fileSize(FileSpec spec);

    /** Paths of the objects written beside the data object (index files); none by default. */
    default List<String> companions(FileTarget target) {
        return List.of();
    }

    /** Writes the data object's bytes through {@code out}. Does not commit. */
    void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) throws IOException;

    /**
     * Writes and publishes the data object and its companions, each under a temporary name until whole.
     * Companions first: a data object that exists is never missing its index.
     */
    default void write(FileSpec spec, ContentStream content, Storage storage, FileTarget target, ByteBuffer scratch)
            throws IOException {
        try (ObjectWriter w = storage.create(target.path())) {
            write(spec, content, w, scratch);
            w.commit(false);
        }
    }

    /** Opens a data object for reading samples; {@code name} is used in error messages. */
    SampleReader openReader(ObjectReader in, String name) throws IOException;

    /** Opens a file, companions included, for reading samples. */
    default SampleReader openReader(Storage storage, FileTarget target) throws IOException {
        return openReader(storage.open(target.path()), storage.describe(target.path()));
    }
}
