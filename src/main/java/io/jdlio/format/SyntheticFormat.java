package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.util.List;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * DLIO's synthetic format: each file is a few bytes naming its position, and readers never read it; training
 * on it measures everything but storage (the emulated compute, the barrier, jdlio itself).
 */
public final class SyntheticFormat implements FileFormat {

    @Override
    public DataFormat kind() {
        return DataFormat.SYNTHETIC;
    }

    @Override
    public long fileSize(FileSpec spec) {
        return -1;
    }

    @Override
    public List<Written> write(FileSpec spec, ContentStream content, Storage storage, FileTarget target,
            ByteBuffer scratch) throws IOException {
        try (ObjectWriter w = storage.create(target.path())) {
            // DLIO writes the global file index: train files 0..T-1, then eval files T..
            w.write(ByteBuffer.wrap(String.valueOf(content.fileIndex()).getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            w.commit(false);
            return List.of(new Written(target.path(), w.position()));
        }
    }

    @Override
    public SampleReader openReader(Storage storage, FileTarget target) {
        return new SampleReader() {
            @Override
            public long readSample(int sample, ByteBuffer scratch) {
                return 0;
            }

            @Override
            public void close() {
            }
        };
    }
}
