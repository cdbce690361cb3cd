package io.jdlio.format;

import io.jdlio.storage.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * An {@link ObjectReader} as the seekable channel a library reads through (jhdf for HDF5), counting the bytes
 * that really move, so a library's reads are measured like jdlio's own and work on any storage.
 */
final class ReaderChannel implements SeekableByteChannel {
    private final ObjectReader in;
    private long position;
    private long bytesRead;
    private boolean open = true;

    ReaderChannel(ObjectReader in) {
        this.in = in;
    }

    /** Bytes read so far; {@link #take()} also resets the count. */
    long take() {
        long n = bytesRead;
        bytesRead = 0;
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (position >= in.size()) {
            return -1;
        }
        int n = in.read(position, dst);
        position += n;
        bytesRead += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return in.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        open = false;
        in.close();
    }
}
