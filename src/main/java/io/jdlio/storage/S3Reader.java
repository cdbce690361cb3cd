package io.jdlio.storage;

import io.jdlio.metrics.ObjectRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Positional reads of one S3 object as ranged GETs. A read smaller than the read-ahead fetches a read-ahead's
 * worth and serves the next reads from it (sequential readers, TFRecord's stream, headers); a larger one goes
 * straight into the caller's buffer. The size comes from the first GET's Content-Range when the plan did not
 * give it: no HEAD is ever sent to read.
 */
final class S3Reader implements ObjectReader {
    private final S3Storage storage;
    private final String path;
    private final S3Storage.Location location;
    private long size;
    private ByteBuffer ahead;
    private long aheadAt = -1;

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
            if (size >= 0 && dst.remaining() >= readAhead) {
                int n = (int) Math.min(dst.remaining(), size - at);
                ByteBuffer into = dst.duplicate();
                into.limit(into.position() + n);
                int got = get(at, n, into);
                dst.position(dst.position() + got);
                total += got;
                at += got;
                if (got < n) {
                    throw short_(at, n, got);
                }
                continue;
            }
            fill(at);
            if (aheadAt < 0 || at >= aheadAt + ahead.limit()) {
                break; // past the end
            }
        }
        return total;
    }

    private IOException short_(long at, int wanted, int got) {
        return new IOException("GET " + storage.describe(path) + " at " + storage.settings().describeEndpoint()
                + ": " + got + " bytes came of the " + wanted + " asked at offset " + at + " (the object is "
                + size + " bytes); it changed or the store cut the response");
    }

    /** Fetches a read-ahead's worth at {@code at} into the read-ahead buffer. */
    private void fill(long at) throws IOException {
        int want = storage.settings().readAhead();
        if (size >= 0) {
            want = (int) Math.min(want, size - at);
        }
        if (ahead == null || ahead.capacity() < want) {
            ahead = ByteBuffer.allocate(Math.max(want, 1));
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
        ahead = null;
    }
}
