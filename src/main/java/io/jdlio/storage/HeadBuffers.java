package io.jdlio.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Heap buffers that hold small objects until their one PUT, kept for the next writer: generation writes
 * objects of one size over and over, and a fresh buffer of a MiB or more per object costs an allocation (a
 * humongous one in G1) and zeroing that the plain client's own copy does not pay twice. At most
 * {@code maxBuffers} buffers and {@code maxBytes} bytes are kept; past that, buffers are left to the GC.
 */
final class HeadBuffers {
    /** The least a new buffer holds, so writers of a few bytes at a time do not grow it step by step. */
    private static final int MIN_BYTES = 64 << 10;

    private final ConcurrentLinkedDeque<ByteBuffer> free = new ConcurrentLinkedDeque<>();
    private final AtomicLong freeBytes = new AtomicLong();
    private final AtomicLong largest = new AtomicLong();
    private final int maxBuffers;
    private final long maxBytes;

    HeadBuffers(int maxBuffers, long maxBytes) {
        this.maxBuffers = maxBuffers;
        this.maxBytes = maxBytes;
    }

    /** A cleared buffer of at least {@code bytes}: a kept one that is large enough, or a new one. */
    ByteBuffer take(int bytes) {
        ByteBuffer b = free.pollFirst();
        if (b != null) {
            freeBytes.addAndGet(-b.capacity());
            if (b.capacity() >= bytes) {
                return b.clear();
            }
            // too small for this writer: objects of another size; dropped, its successor is kept instead
        }
        int n = Math.max(bytes, MIN_BYTES);
        largest.accumulateAndGet(n, Math::max);
        return ByteBuffer.allocate(n);
    }

    /** The largest buffer made so far (for tests: what one writer held at most). */
    long largest() {
        return largest.get();
    }

    /** Keeps {@code b} for a later writer, or leaves it to the GC when the pool is full. */
    void give(ByteBuffer b) {
        if (free.size() < maxBuffers && freeBytes.addAndGet(b.capacity()) <= maxBytes) {
            free.offerFirst(b);
        } else if (free.size() < maxBuffers) {
            freeBytes.addAndGet(-b.capacity());
        }
    }

    /** Buffers kept now (for tests). */
    int kept() {
        return free.size();
    }
}
