package io.jdlio.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * O_DIRECT reads. The kernel wants the buffer address, the file offset and the length aligned to the file
 * system's block size: aligned requests into aligned direct buffers go straight through, anything else goes
 * through an aligned bounce buffer (on JDK 17 a heap buffer here would break later I/O on the thread),
 * taken from a pool so that opening a file allocates no direct memory. The bounce buffer keeps the blocks
 * it last read as a window, so a format reading a file in unaligned pieces (a header, then the payload from
 * byte 128) moves each block from the device once.
 * What moves is whole blocks: the difference from what callers asked for is kept per thread and handed out
 * by {@link #takeExtraTransferred()}, so byte counts say what really crossed.
 */
final class DirectFileReader implements ObjectReader {
    /** As big as a loader's read buffer: an unaligned read costs one device request per buffer, as fio's bs. */
    static final int BOUNCE_BYTES = 4 << 20;

    /** A request at least this big is part of a sequential pass over the file. */
    private static final int STREAMING_BYTES = 64 << 10;

    /** Bounce buffers of closed readers, by alignment: reader threads live one epoch, the buffers stay. */
    private static final java.util.Map<Integer, java.util.Queue<ByteBuffer>> POOL =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Per thread: bytes transferred minus bytes delivered since the last take. */
    private static final ThreadLocal<long[]> EXTRA = ThreadLocal.withInitial(() -> new long[1]);

    private final FileChannel ch;
    private final long size;
    private final int align;
    private ByteBuffer bounce;  // taken from the pool at the first unaligned read, given back on close
    private long windowStart;   // file offset of the bounce buffer's first byte
    private int windowLength;   // valid bytes in it

    DirectFileReader(FileChannel ch, int align) throws IOException {
        this.ch = ch;
        this.size = ch.size();
        this.align = align;
    }

    /** A direct buffer of {@code bytes} whose address is aligned for O_DIRECT. */
    static ByteBuffer aligned(int bytes, int align) {
        // alignedSlice keeps whole aligned blocks only: room for bytes rounded up to one
        int whole = (bytes + align - 1) / align * align;
        return ByteBuffer.allocateDirect(whole + align).alignedSlice(align).limit(bytes);
    }

    /** Bytes this thread's O_DIRECT reads moved beyond those they delivered since the last call; resets it. */
    static long takeExtraTransferred() {
        long[] extra = EXTRA.get();
        long n = extra[0];
        extra[0] = 0;
        return n;
    }

    private boolean inWindow(long at) {
        return bounce != null && at >= windowStart && at < windowStart + windowLength;
    }

    @Override
    public long size() {
        return size;
    }

    private long roundUp(long n) {
        return (n + align - 1) / align * align;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        boolean streaming = dst.remaining() >= STREAMING_BYTES;
        int total = 0;
        long transferred = 0;
        long at = offset;
        while (dst.hasRemaining() && at < size) {
            if (inWindow(at)) {
                int skip = (int) (at - windowStart);
                int take = Math.min(windowLength - skip, dst.remaining());
                dst.put(dst.position(), bounce, skip, take);
                dst.position(dst.position() + take);
                total += take;
                at += take;
                continue;
            }
            int whole = dst.remaining() - dst.remaining() % align;
            if (whole > 0 && at % align == 0 && dst.isDirect() && dst.alignmentOffset(dst.position(), align) == 0) {
                int limit = dst.limit();
                dst.limit(dst.position() + whole);
                int n;
                try {
                    n = ch.read(dst, at);
                } finally {
                    dst.limit(limit);
                }
                if (n <= 0) {
                    break;
                }
                transferred += roundUp(n);
                total += n;
                at += n;
                continue;
            }
            if (bounce == null) {
                ByteBuffer pooled = POOL.computeIfAbsent(align, a -> new java.util.concurrent.ConcurrentLinkedQueue<>()).poll();
                bounce = pooled != null ? pooled : aligned(BOUNCE_BYTES, align);
                windowLength = 0;
            }
            long blockStart = at - at % align;
            // a large request reading on from the window's end is a sequential pass: fill the whole buffer, as
            // fio's bs does, rather than a block to finish this request and another request for the next; small
            // reads (a library walking metadata) read only their blocks
            boolean onward = streaming && windowLength > 0 && blockStart == windowStart + windowLength;
            long want = onward ? bounce.capacity()
                    : Math.min(roundUp(at - blockStart + dst.remaining()), bounce.capacity());
            bounce.clear().limit((int) want);
            windowLength = 0;
            int n = ch.read(bounce, blockStart);
            if (n <= (int) (at - blockStart)) {
                break;
            }
            transferred += roundUp(n);
            windowStart = blockStart;
            windowLength = n;
        }
        EXTRA.get()[0] += transferred - total;
        return total;
    }

    /**
     * The payload pass without a copy: whole aligned blocks straight into an aligned {@code scratch}, as
     * fio reads, starting past what the window already holds. Bytes outside the range that share its first
     * and last blocks move too, and are counted.
     */
    @Override
    public long discard(long offset, long length, ByteBuffer scratch) throws IOException {
        int chunk = scratch.capacity() - scratch.capacity() % align;
        if (!scratch.isDirect() || chunk == 0 || scratch.alignmentOffset(0, align) != 0) {
            return -1;
        }
        long end = Math.min(offset + length, size);
        long at = offset;
        if (inWindow(at)) {
            at = Math.min(end, windowStart + windowLength);
        }
        long pos = at >= end ? end : at - at % align;
        long transferred = 0;
        while (pos < end) {
            scratch.clear().limit((int) Math.min(chunk, roundUp(end - pos)));
            int n = ch.read(scratch, pos);
            if (n <= 0) {
                break;
            }
            transferred += roundUp(n);
            pos += n;
        }
        long delivered = Math.max(0, Math.min(pos, end) - offset);
        EXTRA.get()[0] += transferred - delivered;
        scratch.clear();
        return delivered;
    }

    @Override
    public void close() throws IOException {
        if (bounce != null) {
            POOL.get(align).offer(bounce);
            bounce = null;
        }
        ch.close();
    }
}
