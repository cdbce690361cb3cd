package io.jdlio.storage;

import java.net.URI;

/**
 * How to reach one S3 (or S3-compatible) store: the endpoint (null for AWS's own), the region, path-style
 * addressing, the credentials (null to let the SDK's default chain find them), retries and multipart sizing.
 * {@link #toString()} never shows the secret.
 *
 * @param partSize       bytes of each multipart part; objects larger than {@code threshold} go in parts
 * @param concurrency    requests in flight at once for one client (parts of uploads and ranged reads together)
 * @param readAhead      bytes a reader fetches at least per GET, so small sequential reads share a request
 */
public record S3Settings(URI endpoint, String region, boolean forcePathStyle, String accessKeyId,
        String secretAccessKey, int maxAttempts, long partSize, long threshold, int concurrency, int readAhead) {

    public static final long MIB = 1L << 20;

    public S3Settings {
        if (partSize < 5 * MIB) {
            // S3 refuses parts under 5 MiB (but the last)
            partSize = 5 * MIB;
        }
        if (threshold < partSize) {
            threshold = partSize;
        }
    }

    public boolean hasKeys() {
        return accessKeyId != null && secretAccessKey != null;
    }

    /** The endpoint as messages name it. */
    public String describeEndpoint() {
        return endpoint == null ? "AWS S3 (region " + region + ")" : endpoint.toString();
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + describeEndpoint() + ", region=" + region + ", forcePathStyle=" + forcePathStyle
                + ", accessKeyId=" + (accessKeyId == null ? "(default chain)" : "***") + ", secretAccessKey="
                + (secretAccessKey == null ? "(default chain)" : "***") + ", maxAttempts=" + maxAttempts
                + ", partSize=" + partSize + ", threshold=" + threshold + ", concurrency=" + concurrency
                + ", readAhead=" + readAhead + "]";
    }
}
