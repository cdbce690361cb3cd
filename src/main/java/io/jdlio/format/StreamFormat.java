package io.jdlio.format;

import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** A format whose file is one object: written through one writer, read through one reader. */
public interface StreamFormat extends FileFormat {

    /** Writes the object's bytes through {@code out}. Does not commit. */
    void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) throws IOException;

    /** Opens the object for reading samples; {@code name} is used in error messages. */
    SampleReader openReader(ObjectReader in, String name) throws IOException;

    @Override
    default List<Written> write(FileSpec spec, ContentStream content, Storage storage, FileTarget target,
            ByteBuffer scratch) throws IOException {
        try (ObjectWriter w = storage.create(target.path())) {
            long size = fileSize(spec);
            if (size >= 0) {
                w.expect(size);
            }
            write(spec, content, w, scratch);
            w.commit(false);
            return List.of(new Written(target.path(), w.position()));
        }
    }

    @Override
    default SampleReader openReader(Storage storage, FileTarget target) throws IOException {
        String path = target.path();
        return openReader(storage.open(path), storage.describe(path));
    }
}
