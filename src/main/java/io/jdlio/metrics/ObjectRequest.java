package io.jdlio.metrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Object storage requests, timed where the backends issue and complete them: one HdrHistogram recorder per
 * backend and request kind for the whole JVM. Recording is wait-free (any thread, no lock); a run takes what
 * was recorded since its last look with {@link #drain()}, so warmups and preparation can be left out.
 * Timing costs two clock reads and one record per request, against a request that takes a network round trip.
 */
public enum ObjectRequest {
    /** A whole ranged GET, from its issue to its last byte in the reader's buffer (retries included). */
    S3_GET("s3", "get"),
    /** From a GET's issue to its response headers: time to first byte. */
    S3_GET_FIRST_BYTE("s3", "get_first_byte"),
    /** A whole PUT of an object sent in one request, from its issue to its completion. */
    S3_PUT("s3", "put"),
    /** One part of an object uploaded in parts (UploadPart), from its issue to its completion. */
    S3_PUT_PART("s3", "put_part"),
    /** The CompleteMultipartUpload that publishes an object uploaded in parts. */
    S3_COMPLETE_MULTIPART("s3", "complete_multipart"),
    AZURE_GET("azure", "get"),
    AZURE_GET_FIRST_BYTE("azure", "get_first_byte"),
    /** A blob uploaded in one request. */
    AZURE_PUT("azure", "put"),
    /** One block of a blob uploaded in blocks (Put Block): a multipart upload's part. */
    AZURE_PUT_BLOCK("azure", "put_block"),
    /** The Put Block List that commits a blob uploaded in blocks: a multipart upload's completion. */
    AZURE_PUT_BLOCK_LIST("azure", "put_block_list");

    private final String backend;
    private final String kind;
    // 3 significant digits, auto-resizing: microsecond GETs and minute-long PUTs alike
    private final Recorder recorder = new Recorder(3);

    ObjectRequest(String backend, String kind) {
        this.backend = backend;
        this.kind = kind;
    }

    public String backend() {
        return backend;
    }

    public String kind() {
        return kind;
    }

    /** Records a request issued at {@code startNanos} ({@link System#nanoTime()}) that completed now. */
    public void since(long startNanos) {
        recorder.recordValue(Math.max(0, System.nanoTime() - startNanos));
    }

    /**
     * Issues a request and times it from before the issue (a client may do much of the work in the call that
     * issues it) to its successful completion; returns it.
     */
    public <T> CompletableFuture<T> timed(Supplier<CompletableFuture<T>> issue) {
        long start = System.nanoTime();
        CompletableFuture<T> request = issue.get();
        request.whenComplete((r, t) -> {
            if (t == null) {
                since(start);
            }
        });
        return request;
    }

    /** What every kind recorded since the last drain (kinds with none left out), and starts afresh. */
    public static Map<ObjectRequest, Latency> drain() {
        Map<ObjectRequest, Latency> out = new EnumMap<>(ObjectRequest.class);
        for (ObjectRequest r : values()) {
            Histogram h = r.recorder.getIntervalHistogram();
            if (h.getTotalCount() > 0) {
                out.put(r, Latency.of(h));
            }
        }
        return out;
    }

    /**
     * summary.json's {@code object_request_latency_ms}: per backend, per request kind, the percentiles and the
     * whole histogram.
     */
    public static Map<String, Object> json(Map<ObjectRequest, Latency> requests) {
        Map<String, Object> out = new LinkedHashMap<>();
        requests.forEach((r, l) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> backend = (Map<String, Object>) out.computeIfAbsent(r.backend,
                    b -> new LinkedHashMap<String, Object>());
            backend.put(r.kind, l.json());
        });
        return out;
    }
}
