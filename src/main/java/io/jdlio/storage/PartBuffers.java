package io.jdlio.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The part buffers of one storage's multipart uploads: direct (off-heap) buffers of one part each, at most
 * {@link #count()} of them out at once for all of that storage's writers together, so the memory parts take is
 * the same for one writer or sixty-four ranks, and for any object size. A writer takes a buffer, fills it, and
 * hands it to an UploadPart, which gives it back once the part is sent; a writer that finds none free waits,
 * which is the backpressure that keeps content generation from running ahead of the upload. Buffers are made
 * on first need and kept for reuse (a buffer of a part whose request was cancelled is dropped instead: the
 * client may still be reading it).
 *
 * <p>Waiting cannot deadlock: a writer waits only while it holds no buffer, a buffer sent comes back when its
 * request ends (done, failed or timed out by the client), and every format writes one object at a time per
 * thread. A thread that kept two large writers open at once could, with a single buffer, wait on itself.
 */
final class PartBuffers {
    /** How long a waiting writer sleeps before it looks again whether its own upload failed meanwhile. */
    private static final long LOOK_MILLIS = 200;

    private final int partBytes;
    private final int count;
    private final Semaphore free;
    private final ConcurrentLinkedDeque<ByteBuffer> kept = new ConcurrentLinkedDeque<>();
    private final AtomicInteger made = new AtomicInteger();

    /**
     * @param partBytes bytes of every buffer
     * @param count     buffers out at once at most
     */
    PartBuffers(int partBytes, int count) {
        this.partBytes = partBytes;
        this.count = Math.max(1, count);
        this.free = new Semaphore(this.count);
    }

    /**
     * How many part buffers of {@code partBytes} a storage whose client keeps {@code concurrency} requests in
     * flight gets: one per request in flight, but no more than half the JVM's direct memory limit holds (the
     * loaders' and checkpoints' own buffers need the rest), and at least one.
     */
    static int countFor(long partBytes, int concurrency, long directLimit) {
        return (int) Math.max(1, Math.min(concurrency, directLimit / 2 / Math.max(1, partBytes)));
    }

    /** The JVM's MaxDirectMemorySize, or its default, the maximum heap. */
    static long directMemoryLimit() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot = java.lang.management.ManagementFactory
                    .getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long set = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
            if (set > 0) {
                return set;
            }
        } catch (RuntimeException e) {
            // not HotSpot: the default below is what other JVMs use too
        }
        return Runtime.getRuntime().maxMemory();
    }

    int partBytes() {
        return partBytes;
    }

    int count() {
        return count;
    }

    /** Buffers made so far (for tests: never more than {@link #count()}). */
    int made() {
        return made.get();
    }

    /** Buffers not out now (for tests: all of them once every writer is done). */
    int available() {
        return free.availablePermits();
    }

    /** What a writer waiting for a buffer checks now and then: throws when it should stop waiting. */
    interface Watch {
        void check() throws IOException;
    }

    /**
     * A cleared buffer of {@code partBytes}, waiting while all are out; {@code watch} is checked while waiting,
     * so a writer whose own parts failed says so instead of waiting for another writer's buffer.
     */
    ByteBuffer take(Watch watch, String what) throws IOException {
        try {
            while (!free.tryAcquire(LOOK_MILLIS, TimeUnit.MILLISECONDS)) {
                watch.check();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(what + ": interrupted while waiting for a part buffer");
        }
        ByteBuffer b = kept.pollFirst();
        if (b != null) {
            return b.clear();
        }
        try {
            b = ByteBuffer.allocateDirect(partBytes);
        } catch (OutOfMemoryError e) {
            free.release();
            throw new IOException(what + ": no direct memory for a part buffer of " + partBytes + " bytes ("
                    + e.getMessage() + "): lower storage.storage_options.part_size or max_concurrency, or raise "
                    + "the JVM's -XX:MaxDirectMemorySize (it defaults to -Xmx)", e);
        }
        made.incrementAndGet();
        return b;
    }

    /** Gives back a buffer the client is done with, for the next part. */
    void give(ByteBuffer b) {
        kept.offerFirst(b);
        free.release();
    }

    /** Gives back the place of a buffer the client may still read (its request cancelled): a fresh one replaces it. */
    void drop(ByteBuffer b) {
        made.decrementAndGet();
        free.release();
    }
}
