package io.jdlio.format;

import io.jdlio.storage.ObjectReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * An {@link ObjectReader} as the seekable channel a library reads through (jhdf for HDF5), counting the bytes
 * that really move, so a library's reads are measured like jdlio's own and work on any storage. When asked
 * ({@link #cache}), reads up to a size are kept in a least-recently-used cache of that size, as the reference
 * reader keeps chunks (h5py's chunk cache): a chunk holding several samples is read once while it stays cached.
 */
final class ReaderChannel implements SeekableByteChannel {
    private final ObjectReader in;
    private long cacheBytes;
    private final java.util.LinkedHashMap<Long, byte[]> cache = new java.util.LinkedHashMap<>(16, 0.75f, true);
    private long cached;
    private long position;
    private long bytesRead;
    private boolean open = true;

    ReaderChannel(ObjectReader in) {
        this.in = in;
    }

    /** Keeps reads of up to {@code bytes} in a cache of that size from now on. */
    void cache(long bytes) {
        cacheBytes = bytes;
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
        int want = dst.remaining();
        byte[] hit = cache.get(position);
        if (hit != null && hit.length == want) {
            dst.put(hit);
            position += want;
            return want;
        }
        int start = dst.position();
        int n = in.read(position, dst);
        if (n == want && want <= cacheBytes) {
            byte[] copy = new byte[n];
            dst.duplicate().position(start).limit(start + n).get(copy);
            keep(position, copy);
        }
        position += n;
        bytesRead += n;
        return n;
    }

    private void keep(long at, byte[] bytes) {
        byte[] old = cache.put(at, bytes);
        cached += bytes.length - (old == null ? 0 : old.length);
        var eldest = cache.entrySet().iterator();
        while (cached > cacheBytes && eldest.hasNext()) {
            cached -= eldest.next().getValue().length;
            eldest.remove();
        }
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
