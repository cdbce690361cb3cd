package io.jdlio.storage;

import io.jdlio.metrics.ObjectRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One new S3 object. Up to the multipart threshold (and 1 MiB at most) the bytes are held in a pooled heap
 * buffer; past that they fill off-heap part buffers of {@code part_size} from the storage's {@link PartBuffers}.
 * An object that ends within one part is sent in one PUT at commit. A larger one is a multipart upload of
 * jdlio's own: CreateMultipartUpload at the first full part, an UploadPart per part while the next one fills,
 * CompleteMultipartUpload with the parts' ETags at commit. Part buffers are shared by every writer of the
 * storage and a writer waits for a free one, so content generation never runs ahead of the upload and memory
 * stays flat whatever the object's size or the number of writers, and none of it is in the heap.
 *
 * <p>Nothing is visible before commit. A multipart object is HEADed after it completes and refused when its
 * size is not the bytes written (stores have produced silently short objects). A part that fails fails the
 * writer's next write; a failure anywhere, or an abort, aborts the multipart upload so no parts are left.
 */
final class S3Writer implements ObjectWriter {
    /** Bytes of an object held in the heap at most before it moves to part buffers (see {@link #heldAtMost()}). */
    static final long HELD_MOST = 1L << 20;
    /** How long an abort waits for the store to drop an upload's parts; a later run's leftover pass does it else. */
    private static final long ABORT_WAIT_SECONDS = 10;

    private final S3Storage storage;
    private final String path;
    private final S3Storage.Location location;
    /** The bytes of an object still under {@link #heldAtMost()}: pooled, sent as they are in one PUT at commit. */
    private ByteBuffer head;
    /** The part being filled, off-heap; sent when full and more bytes come, or at commit. */
    private ByteBuffer part;
    /** The multipart upload, once the first part is sent. */
    private String uploadId;
    /** Every part's UploadPart, in part order. */
    private final List<CompletableFuture<UploadPartResponse>> sent = new ArrayList<>();
    /** Completed exceptionally by the first part that fails, so commit need not wait for the others. */
    private final CompletableFuture<Void> firstFailure = new CompletableFuture<>();
    private final AtomicReference<Throwable> failed = new AtomicReference<>();
    private long position;
    private boolean done;

    S3Writer(S3Storage storage, String path, S3Storage.Location location) {
        this.storage = storage;
        this.path = path;
        this.location = location;
    }

    /** An object past what the heap holds starts in a part buffer: no copy from the heap when it outgrows it. */
    @Override
    public void expect(long objectBytes) throws IOException {
        if (!done && position == 0 && head == null && part == null && objectBytes > heldAtMost()) {
            takePart();
        }
    }

    /**
     * The part buffer being filled, once the object is in part buffers (from the first byte when
     * {@link #expect}ed past the heap's share): content is made where the client sends it from.
     */
    @Override
    public ByteBuffer window(int maxBytes) throws IOException {
        if (done || part == null || head != null) {
            return null;
        }
        if (!part.hasRemaining()) {
            sendPart();
            takePart();
        }
        return part.slice(part.position(), Math.min(maxBytes, part.remaining()));
    }

    @Override
    public void advance(int n) throws IOException {
        if (done || part == null || n < 0 || n > part.remaining()) {
            throw new IOException(storage.describe(path) + ": " + n + " bytes advanced past the window lent");
        }
        part.position(part.position() + n);
        position += n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (done) {
            throw new IOException(storage.describe(path) + ": already committed or aborted");
        }
        int n = src.remaining();
        if (part == null && uploadId == null && position + n <= heldAtMost()) {
            if (head == null) {
                head = storage.heads().take(n);
            } else if (head.remaining() < n) {
                ByteBuffer bigger = storage.heads().take((int) Math.min(heldAtMost(),
                        Math.max((long) head.capacity() * 2, head.position() + (long) n)));
                head.flip();
                bigger.put(head);
                storage.heads().give(head);
                head = bigger;
            }
            head.put(src);
            position += n;
            return;
        }
        if (head != null) {
            ByteBuffer held = head.flip();
            head = null;
            try {
                fill(held);
            } finally {
                storage.heads().give(held);
            }
        }
        fill(src);
        position += n;
    }

    /**
     * The most bytes held in the heap for one PUT: the threshold, but no more than {@link #HELD_MOST}. Every
     * writer holds that much at once, so it multiplies with the ranks: eight checkpoint ranks each holding 8 MiB
     * (and 12 while it grew) filled a 96 MiB heap. Past it, an object goes to the shared off-heap part buffers,
     * and is still one PUT if it ends within one part.
     */
    private long heldAtMost() {
        return Math.min(storage.settings().threshold(), HELD_MOST);
    }

    /** Copies all of {@code src} into part buffers (the caller reuses its buffer), sending each one that is full. */
    private void fill(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (part != null && !part.hasRemaining()) {
                sendPart();
            }
            if (part == null) {
                takePart();
            }
            int k = Math.min(src.remaining(), part.remaining());
            int end = src.position() + k;
            part.put(src.duplicate().limit(end));
            src.position(end);
        }
    }

    /** Waits for a free part buffer to fill (the backpressure on content generation), failing fast. */
    private void takePart() throws IOException {
        failFast();
        part = storage.parts().take(this::failFast, storage.describe(path));
    }

    /** Throws the one-line failure of a part that failed. */
    private void failFast() throws IOException {
        Throwable t = failed.get();
        if (t != null) {
            throw storage.failure("PUT", path, t);
        }
    }

    /** Starts the UploadPart of the filled part (the multipart upload first, for the first part). */
    private void sendPart() throws IOException {
        ByteBuffer body = part.flip();
        part = null;
        boolean handedOver = false;
        try {
            failFast();
            if (uploadId == null) {
                uploadId = storage.join(storage.client().createMultipartUpload(c -> c.bucket(location.bucket())
                        .key(location.key())), "PUT", path).uploadId();
            }
            int number = sent.size() + 1;
            long length = body.remaining();
            String upload = uploadId;
            // the client reads the buffer as it is (no copy into the heap) and copies it into native memory
            CompletableFuture<UploadPartResponse> f = ObjectRequest.S3_PUT_PART.timed(() -> storage.client()
                    .uploadPart(u -> u.bucket(location.bucket()).key(location.key()).uploadId(upload)
                            .partNumber(number).contentLength(length), AsyncRequestBody.fromByteBufferUnsafe(body)));
            handedOver = true;
            sent.add(f);
            f.whenComplete((r, t) -> {
                if (f.isCancelled()) {
                    // the client may still be reading it: never reused
                    storage.parts().drop(body);
                } else {
                    storage.parts().give(body);
                }
                if (t != null && failed.compareAndSet(null, t)) {
                    firstFailure.completeExceptionally(t);
                }
            });
        } finally {
            if (!handedOver) {
                storage.parts().give(body);
            }
        }
    }

    @Override
    public long position() {
        return position;
    }

    /**
     * An object that fits one part buffer is held whole until commit sends it in one PUT, so bytes already
     * written can still be changed; a larger one has parts on their way.
     */
    @Override
    public boolean canWriteAt(long objectBytes) {
        return objectBytes >= 0 && uploadId == null && objectBytes <= storage.parts().partBytes();
    }

    @Override
    public void writeAt(long offset, ByteBuffer src) throws IOException {
        ByteBuffer held = part != null ? part : head;
        if (done || uploadId != null || held == null || offset < 0 || offset + src.remaining() > position) {
            throw new IOException(storage.describe(path) + ": bytes " + offset + ".." + (offset + src.remaining())
                    + " are not held here to be overwritten (" + position + " written"
                    + (uploadId != null ? ", parts already sent" : "") + ")");
        }
        held.put((int) offset, src, src.position(), src.remaining());
        src.position(src.limit());
    }

    @Override
    public void commit(boolean durable) throws IOException {
        if (done) {
            throw new IOException(storage.describe(path) + ": already committed or aborted");
        }
        if (uploadId == null) {
            putWhole();
            return;
        }
        try {
            if (part != null) {
                sendPart();
            }
            storage.join(CompletableFuture.anyOf(CompletableFuture.allOf(sent.toArray(new CompletableFuture<?>[0])),
                    firstFailure), "PUT", path);
            List<CompletedPart> parts = new ArrayList<>(sent.size());
            for (int i = 0; i < sent.size(); i++) {
                parts.add(CompletedPart.builder().partNumber(i + 1).eTag(sent.get(i).getNow(null).eTag()).build());
            }
            try {
                storage.join(ObjectRequest.S3_COMPLETE_MULTIPART.timed(() -> storage.client().completeMultipartUpload(
                        c -> c.bucket(location.bucket()).key(location.key()).uploadId(uploadId)
                                .multipartUpload(m -> m.parts(parts)))), "PUT", path);
            } catch (IOException e) {
                if (!completedByAnEarlierTry(parts)) {
                    throw e;
                }
            }
        } catch (IOException | RuntimeException e) {
            abort();
            throw e;
        }
        done = true;
        // a multipart upload is checked whole: a short object must never pass as complete
        long stored = storage.size(path).orElse(-1);
        if (stored != position) {
            storage.delete(path);
            throw new IOException("PUT " + storage.describe(path) + " at " + storage.settings().describeEndpoint()
                    + ": the store holds " + stored + " bytes after a multipart upload of " + position
                    + "; the object was deleted, rerun to write it again");
        }
    }

    /**
     * Whether the object now stored is this upload's, though its CompleteMultipartUpload failed: the client
     * tries a Complete again when the store is silent past its stall limit while it joins the parts (S3Mock
     * joining hundreds of MiB on a loaded host), and the try again finds the upload already completed (no such
     * upload, or its parts gone). The store's ETag of an object uploaded in parts is the MD5 of its parts' MD5s
     * followed by "-" and the part count, so an ETag equal to that of these parts is this upload's, never an
     * older object of the same key and size.
     */
    private boolean completedByAnEarlierTry(List<CompletedPart> parts) {
        String expected = multipartETag(parts);
        if (expected == null) {
            return false;
        }
        try {
            String stored = storage.join(storage.client().headObject(h -> h.bucket(location.bucket())
                    .key(location.key())), "HEAD", path).eTag();
            return stored != null && expected.equals(stored.replace("\"", ""));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The ETag a store gives an object of these parts, or null where a part's ETag is not its MD5. */
    static String multipartETag(List<CompletedPart> parts) {
        java.security.MessageDigest md5;
        try {
            md5 = java.security.MessageDigest.getInstance("MD5");
        } catch (java.security.NoSuchAlgorithmException e) {
            return null;
        }
        for (CompletedPart p : parts) {
            String hex = p.eTag() == null ? "" : p.eTag().replace("\"", "");
            if (!hex.matches("[0-9a-fA-F]{32}")) {
                return null;
            }
            md5.update(java.util.HexFormat.of().parseHex(hex));
        }
        return java.util.HexFormat.of().formatHex(md5.digest()) + "-" + parts.size();
    }

    /**
     * One PUT of an object that fits one buffer. The client reads the buffer itself, without a copy; it goes
     * back to its pool only once the PUT has completed (a failed one leaves it to the GC).
     */
    private void putWhole() throws IOException {
        done = true;
        if (part != null) {
            ByteBuffer body = part.flip();
            part = null;
            try {
                storage.put(path, location, body);
            } catch (IOException | RuntimeException e) {
                storage.parts().drop(body);
                throw e;
            }
            storage.parts().give(body);
            return;
        }
        ByteBuffer body = head == null ? ByteBuffer.allocate(0) : head.flip();
        head = null;
        storage.put(path, location, body);
        if (body.capacity() > 0) {
            storage.heads().give(body);
        }
    }

    /**
     * Discards the object: parts still in flight are cancelled and the multipart upload is aborted, so the store
     * keeps none of its parts (should the store not answer within {@link #ABORT_WAIT_SECONDS}, the next run's
     * leftover pass aborts it).
     */
    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        for (CompletableFuture<UploadPartResponse> f : sent) {
            f.cancel(true);
        }
        if (uploadId != null) {
            try {
                storage.client().abortMultipartUpload(a -> a.bucket(location.bucket()).key(location.key())
                        .uploadId(uploadId)).get(ABORT_WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                // the store is gone or slow: the failure that led here is what the run reports
            }
        }
        if (part != null) {
            storage.parts().give(part);
            part = null;
        }
        if (head != null) {
            storage.heads().give(head);
            head = null;
        }
    }

    @Override
    public void close() {
        abort();
    }
}
