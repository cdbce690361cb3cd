package io.jdlio.storage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsRequest;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The real client, with every GET's range and the most GETs ever in flight at once recorded: what a test
 * needs to see that a large read went out as concurrent ranged GETs. Requests still go to the real server.
 */
final class CountingS3Client implements S3AsyncClient {
    private final S3AsyncClient real;
    final List<String> ranges = new CopyOnWriteArrayList<>();
    final AtomicInteger heads = new AtomicInteger();
    private final AtomicInteger getsInFlight = new AtomicInteger();
    final AtomicInteger mostGetsInFlight = new AtomicInteger();

    CountingS3Client(S3AsyncClient real) {
        this.real = real;
    }

    void reset() {
        ranges.clear();
        heads.set(0);
        mostGetsInFlight.set(0);
    }

    @Override
    public <T> CompletableFuture<T> getObject(GetObjectRequest r,
            AsyncResponseTransformer<software.amazon.awssdk.services.s3.model.GetObjectResponse, T> t) {
        ranges.add(String.valueOf(r.range()));
        int now = getsInFlight.incrementAndGet();
        mostGetsInFlight.accumulateAndGet(now, Math::max);
        return real.getObject(r, t).whenComplete((x, e) -> getsInFlight.decrementAndGet());
    }

    @Override
    public CompletableFuture<PutObjectResponse> putObject(PutObjectRequest r, AsyncRequestBody body) {
        return real.putObject(r, body);
    }

    @Override
    public CompletableFuture<HeadObjectResponse> headObject(HeadObjectRequest r) {
        heads.incrementAndGet();
        return real.headObject(r);
    }

    @Override
    public CompletableFuture<DeleteObjectResponse> deleteObject(DeleteObjectRequest r) {
        return real.deleteObject(r);
    }

    @Override
    public CompletableFuture<ListObjectsV2Response> listObjectsV2(ListObjectsV2Request r) {
        return real.listObjectsV2(r);
    }

    @Override
    public CompletableFuture<ListMultipartUploadsResponse> listMultipartUploads(ListMultipartUploadsRequest r) {
        return real.listMultipartUploads(r);
    }

    @Override
    public CompletableFuture<AbortMultipartUploadResponse> abortMultipartUpload(AbortMultipartUploadRequest r) {
        return real.abortMultipartUpload(r);
    }

    @Override
    public CompletableFuture<software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse>
            createMultipartUpload(software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest r) {
        return real.createMultipartUpload(r);
    }

    @Override
    public CompletableFuture<software.amazon.awssdk.services.s3.model.UploadPartResponse> uploadPart(
            software.amazon.awssdk.services.s3.model.UploadPartRequest r, AsyncRequestBody body) {
        return real.uploadPart(r, body);
    }

    @Override
    public CompletableFuture<software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse>
            completeMultipartUpload(software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest r) {
        return real.completeMultipartUpload(r);
    }

    @Override
    public String serviceName() {
        return real.serviceName();
    }

    @Override
    public void close() {
        real.close();
    }
}
