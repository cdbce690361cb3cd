package io.jdlio.storage;

import io.jdlio.metrics.ObjectRequest;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.specialized.BlockBlobClient;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * One new block blob. Bytes fill a block; a full block is staged on the storage's transfer threads while the
 * next fills. Staging waits for a free slot when {@code maxConcurrency} blocks are in flight, so whoever
 * generates the content never runs ahead of the upload and memory stays at most {@code maxConcurrency + 1}
 * blocks. Commit publishes the block list and checks the blob's size; until then nothing is visible.
 */
final class AzureBlobWriter implements ObjectWriter {
    private final AzureBlobStorage owner;
    private final BlockBlobClient blob;
    private final String uri;
    private final int blockSize;
    private final Semaphore slots;
    private final ArrayDeque<ByteBuffer> spare = new ArrayDeque<>();
    private final List<String> blockIds = new ArrayList<>();
    private final List<Future<?>> staged = new ArrayList<>();
    // block ids are unique to this writer: a block staged by an aborted writer can never enter this blob
    private final String idPrefix = UUID.randomUUID().toString();
    private ByteBuffer current;
    private long position;
    private boolean finished;

    AzureBlobWriter(AzureBlobStorage owner, BlockBlobClient blob, String uri) {
        this.owner = owner;
        this.blob = blob;
        this.uri = uri;
        this.blockSize = owner.settings().blockSize();
        this.slots = new Semaphore(owner.settings().maxConcurrency());
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        ensureOpen();
        while (src.hasRemaining()) {
            if (current == null) {
                current = takeBuffer();
            }
            int n = Math.min(src.remaining(), current.remaining());
            ByteBuffer part = src.duplicate();
            part.limit(part.position() + n);
            current.put(part);
            src.position(src.position() + n);
            position += n;
            if (!current.hasRemaining()) {
                stage();
            }
        }
    }

    @Override
    public long position() {
        return position;
    }

    /**
     * A blob smaller than one block is held whole until commit uploads it in one PUT, so bytes already written
     * can still be changed; a larger one has blocks on their way.
     */
    @Override
    public boolean canWriteAt(long objectBytes) {
        return objectBytes >= 0 && blockIds.isEmpty() && objectBytes < blockSize;
    }

    @Override
    public void writeAt(long offset, ByteBuffer src) throws IOException {
        if (finished || !blockIds.isEmpty() || current == null || offset < 0
                || offset + src.remaining() > position) {
            throw new IOException(uri + ": bytes " + offset + ".." + (offset + src.remaining()) + " are not held "
                    + "here to be overwritten (" + position + " written" + (blockIds.isEmpty() ? "" : ", blocks "
                    + "already staged") + ")");
        }
        current.put((int) offset, src, src.position(), src.remaining());
        src.position(src.limit());
    }

    @Override
    public void commit(boolean durable) throws IOException {
        ensureOpen();
        try {
            if (blockIds.isEmpty()) {
                // small objects: one PUT, which the service applies whole or not at all
                ByteBuffer body = current == null ? ByteBuffer.allocate(0) : current.flip();
                long start = System.nanoTime();
                blob.upload(BinaryData.fromByteBuffer(body), true);
                ObjectRequest.AZURE_PUT.since(start);
            } else {
                if (current != null && current.position() > 0) {
                    stage();
                }
                awaitStaged();
                long start = System.nanoTime();
                blob.commitBlockList(blockIds, true);
                ObjectRequest.AZURE_PUT_BLOCK_LIST.since(start);
                long stored = blob.getProperties().getBlobSize();
                if (stored != position) {
                    blob.deleteIfExists();
                    throw new IOException(uri + " at " + owner.endpoint() + ": wrote " + position
                            + " bytes but the service stored " + stored + "; the blob was deleted, rerun to write it again");
                }
            }
            finished = true;
        } catch (IOException e) {
            abort();
            throw e;
        } catch (RuntimeException e) {
            abort();
            throw owner.requestLog().failure("write the blob", uri, e);
        } finally {
            current = null;
            spare.clear();
        }
    }

    @Override
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        // uncommitted blocks stay invisible and the service discards them; stop sending more
        for (Future<?> f : staged) {
            f.cancel(true);
        }
        current = null;
        spare.clear();
    }

    @Override
    public void close() {
        abort();
    }

    private void stage() throws IOException {
        ByteBuffer block = current.flip();
        current = null;
        failFast();
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri + ": interrupted while waiting to upload a block");
        }
        String id = Base64.getEncoder().encodeToString(
                String.format("%s-%08d", idPrefix, blockIds.size()).getBytes(StandardCharsets.US_ASCII));
        blockIds.add(id);
        try {
            staged.add(owner.transfers().submit(() -> {
                try {
                    long start = System.nanoTime();
                    blob.stageBlock(id, BinaryData.fromByteBuffer(block));
                    ObjectRequest.AZURE_PUT_BLOCK.since(start);
                } finally {
                    recycle(block);
                    slots.release();
                }
                return null;
            }));
        } catch (RuntimeException e) {
            slots.release();
            throw new IOException(uri + ": the storage is closed", e);
        }
    }

    private synchronized void recycle(ByteBuffer b) {
        if (spare.size() < owner.settings().maxConcurrency()) {
            spare.add(b.clear());
        }
    }

    private synchronized ByteBuffer takeBuffer() {
        ByteBuffer b = spare.poll();
        return b != null ? b : ByteBuffer.allocate(blockSize);
    }

    /** Stops early on a failed block instead of generating the rest of the object. */
    private void failFast() throws IOException {
        for (java.util.Iterator<Future<?>> it = staged.iterator(); it.hasNext(); ) {
            Future<?> f = it.next();
            if (f.isDone()) {
                result(f);
                it.remove();
            }
        }
    }

    private void awaitStaged() throws IOException {
        for (Future<?> f : staged) {
            result(f);
        }
    }

    private void result(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(uri + ": interrupted while uploading");
        } catch (ExecutionException e) {
            throw owner.requestLog().failure("upload a block of the blob", uri, e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
            throw new IOException(uri + ": upload cancelled", e);
        }
    }

    private void ensureOpen() throws IOException {
        if (finished) {
            throw new IOException(uri + ": the writer is already committed or aborted");
        }
    }
}
