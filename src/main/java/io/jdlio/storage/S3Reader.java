package io.jdlio.storage;

import io.jdlio.metrics.ObjectRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Positional reads of one S3 object as ranged GETs, never a HEAD: the size comes from the first GET's
 * Content-Range when the plan did not give it.
 * <ul>
 * <li>A read smaller than the read-ahead fetches a read-ahead's worth and serves the next reads from it
 * (headers, TFRecord's stream).</li>
 * <li>Once a reader goes forward through an object larger than that (a checkpoint loaded in 4 MiB reads, a
 * large sample's payload), it keeps several read-ahead GETs in flight ahead of itself: a window of at most
 * {@link #WINDOW_CHUNKS} buffers, taken from a budget the whole storage shares, so memory stays bounded
 * however many readers stream at once.</li>
 * <li>A read of the rest of the object, or of at least a read-ahead, goes straight into the caller's buffer;
 * one of two parts or more is split into ranged GETs of {@code part_size}, {@code max_concurrency} at a time
 * (an object read whole into one large buffer).</li>
 * </ul>
 */
final class S3Reader implements ObjectReader {
    /** Read-ahead GETs one streaming reader keeps in flight at most. */
    static final int WINDOW_CHUNKS = 4;

    private final S3Storage storage;
    private final String path;
    private final S3Storage.Location location;
    private long size;
    private ByteBuffer ahead;
    private long aheadAt = -1;
    /** Where the last read ended: a read starting there is going forward. */
    private long lastEnd = -1;
    /** Read-ahead GETs in flight, in object order, the first at {@link #aheadAt}'s successor. */
    private final ArrayDeque<Chunk> window = new ArrayDeque<>();
    /** Window buffers this reader holds of the storage's budget. */
    private int permits = -1;
    private long nextAt;

    /** One read-ahead GET in flight into its own buffer. */
    private record Chunk(long at, int length, ByteBuffer buf, CompletableFuture<GetObjectResponse> get) {
    }

    S3Reader(S3Storage storage, String path, S3Storage.Location location, long size) {
        this.storage = storage;
        this.path = path;
        this.location = location;
        this.size = size;
    }

    @Override
    public long size() {
        if (size < 0) {
            try {
                fill(0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return size;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        int total = 0;
        long at = offset;
        int readAhead = storage.settings().readAhead();
        boolean forward = offset == lastEnd;
        while (dst.hasRemaining()) {
            if (aheadAt >= 0 && at >= aheadAt && at < aheadAt + ahead.limit()) {
                ByteBuffer src = ahead.duplicate();
                src.position((int) (at - aheadAt));
                int n = Math.min(src.remaining(), dst.remaining());
                src.limit(src.position() + n);
                dst.put(src);
                total += n;
                at += n;
                continue;
            }
            if (size >= 0 && at >= size) {
                break;
            }
            if (size >= 0 && (dst.remaining() >= readAhead || dst.remaining() >= size - at)) {
                int n = (int) Math.min(dst.remaining(), size - at);
                ByteBuffer into = dst.duplicate();
                into.limit(into.position() + n);
                int got = n >= 2 * part() ? getParallel(at, into) : get(at, n, into);
                dst.position(dst.position() + got);
                total += got;
                at += got;
                if (got < n) {
                    throw short_(at, n, got);
                }
                continue;
            }
            if (forward && size - at > readAhead && stream(at)) {
                continue;
            }
            fill(at);
            if (aheadAt < 0 || at >= aheadAt + ahead.limit()) {
                break; // past the end
            }
        }
        lastEnd = at;
        return total;
    }

    /** Bytes per ranged GET of a read split over parallel requests. */
    private int part() {
        return (int) Math.min(1L << 30, Math.max(storage.settings().readAhead(), storage.settings().partSize()));
    }

    private IOException short_(long at, int wanted, int got) {
        return new IOException("GET " + storage.describe(path) + " at " + storage.settings().describeEndpoint()
                + ": " + got + " bytes came of the " + wanted + " asked at offset " + at + " (the object is "
                + size + " bytes); it changed or the store cut the response");
    }

    /** Fetches a read-ahead's worth at {@code at} into the read-ahead buffer. */
    private void fill(long at) throws IOException {
        cancelWindow();
        int want = storage.settings().readAhead();
        if (size >= 0) {
            want = (int) Math.min(want, size - at);
        }
        if (ahead == null || ahead.capacity() < want) {
            giveAhead();
            ahead = storage.readBuffers().take(Math.max(want, 1));
        }
        ahead.clear();
        ahead.limit(Math.max(want, 0));
        aheadAt = -1;
        if (want <= 0) {
            return;
        }
        get(at, want, ahead);
        ahead.flip();
        aheadAt = at;
    }

    private void giveAhead() {
        if (ahead != null) {
            storage.readBuffers().give(ahead);
            ahead = null;
            aheadAt = -1;
        }
    }

    /**
     * Makes the read-ahead buffer hold {@code at} from the window of GETs in flight, starting or restarting the
     * window there and topping it up; false when the storage's window budget has nothing for this reader.
     */
    private boolean stream(long at) throws IOException {
        if (permits < 0) {
            permits = storage.windowBudget().take(WINDOW_CHUNKS);
        }
        if (permits == 0) {
            return false;
        }
        if (!window.isEmpty() && window.peekFirst().at() != at) {
            cancelWindow();
        }
        if (window.isEmpty()) {
            nextAt = at;
        }
        topUp();
        Chunk c = window.pollFirst();
        try {
            storage.join(c.get(), "GET", path);
        } catch (IOException e) {
            cancelWindow();
            throw e;
        }
        if (c.buf().position() != c.length()) {
            cancelWindow();
            throw short_(c.at(), c.length(), c.buf().position());
        }
        giveAhead();
        ahead = c.buf().flip();
        aheadAt = c.at();
        topUp();
        return true;
    }

    /** Issues read-ahead GETs until {@link #permits} are in flight or the object's end is reached. */
    private void topUp() {
        int chunk = storage.settings().readAhead();
        while (window.size() < permits && nextAt < size) {
            int n = (int) Math.min(chunk, size - nextAt);
            ByteBuffer buf = storage.readBuffers().take(chunk);
            buf.limit(n);
            long from = nextAt;
            String range = "bytes=" + from + "-" + (from + n - 1);
            window.addLast(new Chunk(from, n, buf, ObjectRequest.S3_GET.timed(() -> storage.client().getObject(
                    g -> g.bucket(location.bucket()).key(location.key()).range(range), new IntoBuffer(buf)))));
            nextAt += n;
        }
    }

    /**
     * Cancels the GETs in flight. Their buffers are not reused: a cancelled transfer may still be writing into
     * one; they go to the GC.
     */
    private void cancelWindow() {
        for (Chunk c : window) {
            c.get().cancel(true);
        }
        window.clear();
    }

    /**
     * Reads {@code into}'s remaining bytes at {@code at} as ranged GETs of {@link #part()} bytes, at most
     * {@code max_concurrency} in flight, each straight into its slice; returns the bytes read.
     */
    private int getParallel(long at, ByteBuffer into) throws IOException {
        int n = into.remaining();
        int part = part();
        int maxInFlight = Math.max(1, storage.settings().concurrency());
        ArrayDeque<CompletableFuture<GetObjectResponse>> inFlight = new ArrayDeque<>();
        ArrayDeque<ByteBuffer> slices = new ArrayDeque<>();
        int start = into.position();
        try {
            for (int off = 0; off < n; off += part) {
                int len = Math.min(part, n - off);
                ByteBuffer slice = into.duplicate();
                slice.position(start + off).limit(start + off + len);
                long from = at + off;
                String range = "bytes=" + from + "-" + (from + len - 1);
                if (inFlight.size() >= maxInFlight) {
                    storage.join(inFlight.peekFirst(), "GET", path);
                    inFlight.pollFirst();
                }
                inFlight.addLast(ObjectRequest.S3_GET.timed(() -> storage.client().getObject(
                        g -> g.bucket(location.bucket()).key(location.key()).range(range), new IntoBuffer(slice))));
                slices.addLast(slice);
            }
            for (CompletableFuture<GetObjectResponse> f : inFlight) {
                storage.join(f, "GET", path);
            }
        } catch (IOException | RuntimeException e) {
            // the caller's buffer must not change after it is handed back
            for (CompletableFuture<GetObjectResponse> f : inFlight) {
                f.cancel(true);
            }
            for (CompletableFuture<GetObjectResponse> f : inFlight) {
                try {
                    f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // cancelled or failed: what matters is the first failure
                }
            }
            throw e;
        }
        int got = 0;
        for (ByteBuffer s : slices) {
            got = s.position() - start;
            if (s.hasRemaining()) {
                break; // the object ended early: what came before counts
            }
        }
        return got;
    }

    /** One ranged GET of {@code length} bytes at {@code at} into {@code into}; returns the bytes copied. */
    private int get(long at, int length, ByteBuffer into) throws IOException {
        int start = into.position();
        String range = "bytes=" + at + "-" + (at + length - 1);
        GetObjectResponse r;
        try {
            r = storage.join(ObjectRequest.S3_GET.timed(() -> storage.client().getObject(g -> g.bucket(location.bucket())
                    .key(location.key()).range(range), new IntoBuffer(into))), "GET", path);
        } catch (IOException e) {
            if (at == 0 && e.getCause() instanceof S3Exception s && s.statusCode() == 416) {
                size = 0; // an empty object has no byte 0
                return 0;
            }
            throw e;
        }
        if (size < 0) {
            size = total(r);
        }
        return into.position() - start;
    }

    /** The object's size from "bytes 0-99/12345", or the body's when the store sent it whole. */
    private static long total(GetObjectResponse r) {
        String cr = r.contentRange();
        if (cr != null) {
            int slash = cr.lastIndexOf('/');
            if (slash >= 0 && !cr.endsWith("*")) {
                return Long.parseLong(cr.substring(slash + 1).trim());
            }
        }
        return r.contentLength();
    }

    @Override
    public void close() {
        cancelWindow();
        giveAhead();
        if (permits > 0) {
            storage.windowBudget().give(permits);
        }
        permits = 0;
    }
}
