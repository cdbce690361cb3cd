package io.jdlio.storage;

import io.jdlio.metrics.ObjectRequest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.async.BlockingOutputStreamAsyncRequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.utils.CancellableOutputStream;

/**
 * One new S3 object. Up to the multipart threshold (and 8 MiB at most) the bytes are held and sent in one PUT
 * at commit; past it they stream into a multipart upload whose writes block while the client's parts are all in flight, so a
 * generator never runs ahead of the network and memory stays flat whatever the object's size. Nothing is
 * visible before commit; a multipart object is HEADed after it completes and refused when its size is not the
 * bytes written (stores have produced silently short objects). Abort cancels the upload, which aborts it.
 */
final class S3Writer implements ObjectWriter {
    private static final int COPY_CHUNK = 1 << 20;
    /** Bytes of an object held in the heap at most before it streams (see {@link #heldAtMost()}). */
    static final long HELD_MOST = 8L << 20;

    private final S3Storage storage;
    private final String path;
    private final S3Storage.Location location;
    /** The bytes of an object still under the threshold: pooled, and sent as they are in one PUT at commit. */
    private ByteBuffer head;
    private CancellableOutputStream out;
    private CompletableFuture<PutObjectResponse> upload;
    private long position;
    private boolean done;

    S3Writer(S3Storage storage, String path, S3Storage.Location location) {
        this.storage = storage;
        this.path = path;
        this.location = location;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (out == null && position + n <= heldAtMost()) {
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
        if (out == null) {
            startUpload();
            if (head != null) {
                head.flip();
                send(head);
                storage.heads().give(head);
                head = null;
            }
        }
        send(src);
        position += n;
    }

    /**
     * The most bytes held in the heap for one PUT: the threshold, but no more than {@link #HELD_MOST}. A
     * larger object streams into the client, which cuts it into parts of part_size in its own native buffers:
     * held whole, a checkpoint file under the 128 MiB checkpoint threshold took that much heap per rank (and
     * half as much again while its buffer grew), enough to end a 256 MiB JVM.
     */
    private long heldAtMost() {
        return Math.min(storage.settings().threshold(), HELD_MOST);
    }

    private void startUpload() throws IOException {
        BlockingOutputStreamAsyncRequestBody body = BlockingOutputStreamAsyncRequestBody.builder()
                .contentLength(null).subscribeTimeout(Duration.ofSeconds(30)).build();
        upload = ObjectRequest.S3_PUT.timed(() -> storage.client().putObject(p -> p.bucket(location.bucket())
                .key(location.key()), body));
        try {
            out = body.outputStream();
        } catch (RuntimeException e) {
            upload.cancel(true);
            throw storage.failure("PUT", path, upload.isCompletedExceptionally() ? failureOf(upload) : e);
        }
        // an upload that fails (the server is gone) releases a write blocked on its demand
        CancellableOutputStream stream = out;
        upload.whenComplete((r, t) -> {
            if (t != null) {
                stream.cancel();
            }
        });
    }

    private static Throwable failureOf(CompletableFuture<?> f) {
        try {
            f.getNow(null);
            return new IOException("upload ended");
        } catch (RuntimeException e) {
            return e;
        }
    }

    /** Copies out: the client reads the bytes after write returns, and callers reuse their buffers. */
    private void send(ByteBuffer src) throws IOException {
        try {
            while (src.hasRemaining()) {
                byte[] chunk = new byte[Math.min(COPY_CHUNK, src.remaining())];
                src.get(chunk);
                out.write(chunk);
            }
        } catch (IOException | RuntimeException e) {
            if (upload.isCompletedExceptionally()) {
                throw storage.failure("PUT", path, failureOf(upload));
            }
            throw storage.failure("PUT", path, e);
        }
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public boolean canWriteAt() {
        return false;
    }

    @Override
    public void writeAt(long offset, ByteBuffer src) throws IOException {
        throw new IOException(storage.describe(path) + ": an object store cannot overwrite bytes already sent");
    }

    @Override
    public void commit(boolean durable) throws IOException {
        if (done) {
            throw new IOException(storage.describe(path) + ": already committed or aborted");
        }
        if (out == null) {
            ByteBuffer body = head == null ? ByteBuffer.allocate(0) : head.flip();
            done = true;
            storage.put(path, location, body);
            // the client is done with the bytes only once the PUT has completed: a failed one keeps them
            if (head != null) {
                storage.heads().give(head);
                head = null;
            }
            return;
        }
        try {
            out.close();
        } catch (RuntimeException e) {
            throw storage.failure("PUT", path, upload.isCompletedExceptionally() ? failureOf(upload) : e);
        }
        storage.join(upload, "PUT", path);
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

    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        if (out != null) {
            out.cancel();
            upload.cancel(true);
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
