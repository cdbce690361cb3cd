package io.jdlio.storage;

import io.jdlio.metrics.ObjectRequest;

import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.DownloadRetryOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Ranged GETs of one blob. A reader that goes forward (each read starting where the last ended, as TFRecord
 * and checkpoint streams do) gets {@code readAhead} bytes per GET and is served from them; a random read asks
 * for exactly its range; a large read is split into parallel GETs of one block each. The size comes from the
 * first GET's Content-Range unless the caller knew it: no HEAD is sent to read.
 */
final class AzureBlobReader implements ObjectReader {
    private final AzureBlobStorage owner;
    private final BlobClient blob;
    private final String uri;
    private long size;
    private ByteBuffer window;
    private long windowStart = -1;
    private long lastEnd = -1;

    AzureBlobReader(AzureBlobStorage owner, BlobClient blob, String uri, long size) {
        this.owner = owner;
        this.blob = blob;
        this.uri = uri;
        this.size = size;
    }

    @Override
    public long size() {
        if (size < 0) {
            try {
                fillWindow(0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return size;
    }

    /** Fetches the read-ahead window at {@code at}, learning the size on the way when it is not known. */
    private void fillWindow(long at) throws IOException {
        int ahead = Math.max(1, owner.settings().readAhead());
        if (size >= 0) {
            ahead = (int) Math.min(ahead, size - at);
        }
        if (window == null || window.capacity() < ahead) {
            window = ByteBuffer.allocate(ahead);
        }
        window.clear().limit(ahead);
        long total = fetch(at, window, size < 0);
        if (size < 0) {
            size = total;
        }
        window.flip();
        windowStart = at;
    }

    @Override
    public int read(long offset, ByteBuffer dst) throws IOException {
        if (size < 0 && dst.hasRemaining()) {
            fillWindow(offset);
        }
        int total = 0;
        long at = offset;
        boolean sequential = offset == lastEnd;
        while (dst.hasRemaining() && at < size) {
            int want = (int) Math.min(dst.remaining(), size - at);
            if (window != null && at >= windowStart && at < windowStart + window.limit()) {
                int from = (int) (at - windowStart);
                int n = Math.min(want, window.limit() - from);
                dst.put(window.duplicate().position(from).limit(from + n));
                at += n;
                total += n;
                continue;
            }
            AzureSettings s = owner.settings();
            if (want >= s.parallelReadThreshold()) {
                fetchParallel(at, dst, want);
            } else if (sequential && want < s.readAhead()) {
                fillWindow(at);
                continue;
            } else {
                ByteBuffer part = dst.duplicate();
                part.limit(part.position() + want);
                fetch(at, part, false);
                dst.position(dst.position() + want);
            }
            at += want;
            total += want;
        }
        lastEnd = at;
        return total;
    }

    /**
     * Fills {@code into} from its position to its limit with the bytes at {@code at} and returns the blob's size
     * from the Content-Range; with {@code mayEnd}, the blob may end before the limit (the size is not yet known).
     */
    private long fetch(long at, ByteBuffer into, boolean mayEnd) throws IOException {
        int want = into.remaining();
        long total;
        long start = System.nanoTime();
        try {
            com.azure.storage.blob.models.BlobDownloadResponse r = blob.downloadStreamWithResponse(
                    new ByteBufferSink(into, start), new BlobRange(at, (long) want),
                    new DownloadRetryOptions().setMaxRetryRequests(owner.settings().maxTries()), null, false,
                    null, null); // each try is bounded by the retry policy's try timeout; an overall one costs a thread hop
            ObjectRequest.AZURE_GET.since(start);
            total = totalOf(r.getDeserializedHeaders().getContentRange(), at + want - into.remaining());
        } catch (RuntimeException e) {
            com.azure.storage.blob.models.BlobStorageException b = AzureRequests.find(e);
            if (b != null && b.getStatusCode() == 404) {
                throw new java.nio.file.NoSuchFileException(uri);
            }
            if (b != null && b.getStatusCode() == 416 && mayEnd) {
                return at; // a range at or past the end: the blob has exactly {@code at} bytes
            }
            throw owner.requestLog().failure("read bytes " + at + ".." + (at + want) + " of the blob", uri, e);
        }
        if (into.hasRemaining() && !(mayEnd && at + want - into.remaining() == total)) {
            throw new IOException(uri + " at " + owner.endpoint() + ": got " + (want - into.remaining())
                    + " of " + want + " bytes at offset " + at + "; the blob is shorter than expected, regenerate it");
        }
        return total;
    }

    /** The total after the slash of "bytes 0-99/12345"; {@code fallback} when the header is absent. */
    private static long totalOf(String contentRange, long fallback) {
        if (contentRange != null) {
            int slash = contentRange.lastIndexOf('/');
            if (slash >= 0 && !contentRange.endsWith("*")) {
                try {
                    return Long.parseLong(contentRange.substring(slash + 1).trim());
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
        }
        return fallback;
    }

    private void fetchParallel(long at, ByteBuffer dst, int want) throws IOException {
        int chunk = owner.settings().blockSize();
        List<Future<?>> parts = new ArrayList<>();
        for (int off = 0; off < want; off += chunk) {
            int n = Math.min(chunk, want - off);
            ByteBuffer part = dst.duplicate();
            part.position(dst.position() + off).limit(dst.position() + off + n);
            long from = at + off;
            parts.add(owner.transfers().submit(() -> {
                fetch(from, part, false);
                return null;
            }));
        }
        try {
            for (Future<?> f : parts) {
                f.get();
            }
        } catch (InterruptedException e) {
            parts.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri + ": interrupted while reading");
        } catch (ExecutionException e) {
            parts.forEach(f -> f.cancel(true));
            throw e.getCause() instanceof IOException io ? io : new IOException(uri + ": " + e.getCause(), e.getCause());
        }
        dst.position(dst.position() + want);
    }

    @Override
    public void close() {
        window = null;
    }

    /** Lets the SDK write a range's bytes straight into the caller's buffer; refuses bytes beyond it. */
    private static final class ByteBufferSink extends OutputStream {
        private final ByteBuffer into;
        private final long start;
        private boolean first = true;

        ByteBufferSink(ByteBuffer into, long start) {
            this.into = into;
            this.start = start;
        }

        /** The first bytes of the body: the GET's time to first byte. */
        private void arrived() {
            if (first) {
                first = false;
                ObjectRequest.AZURE_GET_FIRST_BYTE.since(start);
            }
        }

        @Override
        public void write(int b) throws IOException {
            if (!into.hasRemaining()) {
                throw new IOException("more bytes than the range asked for");
            }
            arrived();
            into.put((byte) b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len > into.remaining()) {
                throw new IOException("more bytes than the range asked for");
            }
            arrived();
            into.put(b, off, len);
        }
    }
}
