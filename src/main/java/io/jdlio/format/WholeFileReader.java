package io.jdlio.format;

import io.jdlio.storage.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * For formats a loader reads whole before it can hand out any sample (CSV parsed by pandas, an image decoded
 * by PIL): the first sample asked for reads the file, later samples of the same open file read nothing.
 */
final class WholeFileReader implements SampleReader {
    private final ObjectReader in;
    private final String name;
    private boolean loaded;

    WholeFileReader(ObjectReader in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public long readSample(int sample, ByteBuffer scratch) throws IOException {
        if (loaded) {
            return 0;
        }
        loaded = true;
        return Payload.readRange(in, 0, in.size(), scratch, name);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
