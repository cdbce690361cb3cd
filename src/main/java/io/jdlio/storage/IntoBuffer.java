package io.jdlio.storage;

import io.jdlio.metrics.ObjectRequest;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Copies a GET's body straight into the caller's buffer: one copy out of the client's native memory, no
 * byte[] per request. Bytes beyond the buffer's room are dropped (a ranged GET never sends them).
 */
final class IntoBuffer implements AsyncResponseTransformer<GetObjectResponse, GetObjectResponse> {
    private final ByteBuffer dst;
    private final int start;
    private volatile CompletableFuture<GetObjectResponse> result;
    private volatile GetObjectResponse response;
    /** When the (latest try of the) request was prepared, for its time to first byte. */
    private volatile long prepared;
    /** Whether this try's first byte was timed: the client may hand over the headers after the body. */
    private final java.util.concurrent.atomic.AtomicBoolean firstByte = new java.util.concurrent.atomic.AtomicBoolean();

    IntoBuffer(ByteBuffer dst) {
        this.dst = dst;
        this.start = dst.position();
    }

    @Override
    public CompletableFuture<GetObjectResponse> prepare() {
        // a retried request starts over at the same place
        dst.position(start);
        result = new CompletableFuture<>();
        prepared = System.nanoTime();
        firstByte.set(false);
        return result;
    }

    @Override
    public void onResponse(GetObjectResponse r) {
        response = r;
        arrived();
    }

    @Override
    public void onStream(SdkPublisher<ByteBuffer> publisher) {
        publisher.subscribe(new Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer b) {
                arrived();
                int n = Math.min(b.remaining(), dst.remaining());
                if (n > 0) {
                    ByteBuffer slice = b.duplicate();
                    slice.limit(slice.position() + n);
                    dst.put(slice);
                }
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                result.complete(response);
            }
        });
    }

    /** The response's headers or first bytes, whichever the client hands over first: the time to first byte. */
    private void arrived() {
        if (firstByte.compareAndSet(false, true)) {
            ObjectRequest.S3_GET_FIRST_BYTE.since(prepared);
        }
    }

    @Override
    public void exceptionOccurred(Throwable t) {
        CompletableFuture<GetObjectResponse> r = result;
        if (r != null) {
            r.completeExceptionally(t);
        }
    }
}
