package io.jdlio.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * O_DIRECT reads. The kernel wants the buffer address, the file offset and the length aligned to the file
 * system's block size: aligned requests into aligned direct buffers go straight through, anything else goes
 * through one aligned bounce buffer (on JDK 17 a heap buffer here would break later I/O on the thread).
 */
final class DirectFileReader implements ObjectReader {
    private static final int BOUNCE_BYTES = 1 << 20;

    private final FileChannel ch;
    private final long size;
    private final int align;
    private ByteBuffer bounce;

    DirectFileReader(FileChannel ch, int align) throws IOException {
        this.ch = ch;
        this.size = ch.size();
        this.align = align;
    }

    /** A direct buffer of {@code bytes} whose address is aligned for O_DIRECT. */
    static ByteBuffer aligned(int bytes, int align) {
        return ByteBuffer.allocateDirect(bytes + align).alignedSlice(align).limit(bytes);
    }

    @Override
    public long size() {
        return size;
    }

    private boolean isAligned(long offset, ByteBuffer dst) {
        return dst.isDirect() && offset % align == 0 && dst.remaining() % align == 0
                && dst.alignmentOffset(dst.position(), align) == 0;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        int total = 0;
        if (isAligned(offset, dst)) {
            long at = offset;
            while (dst.hasRemaining() && at < size) {
                int n = ch.read(dst, at);
                if (n <= 0) {
                    break;
                }
                total += n;
                at += n;
            }
            return total;
        }
        if (bounce == null) {
            bounce = aligned(BOUNCE_BYTES, align);
        }
        long at = offset;
        while (dst.hasRemaining() && at < size) {
            long blockStart = at - at % align;
            bounce.clear();
            int n = ch.read(bounce, blockStart);
            if (n <= 0) {
                break;
            }
            int skip = (int) (at - blockStart);
            int take = Math.min(n - skip, dst.remaining());
            if (take <= 0) {
                break;
            }
            dst.put(dst.position(), bounce, skip, take);
            dst.position(dst.position() + take);
            total += take;
            at += take;
        }
        return total;
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
