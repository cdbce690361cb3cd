package io.jdlio.bench.micro;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * The plain CRT client the S3 benchmarks put beside jdlio's: configured as jdlio's data storage configures its own
 * (8 MiB parts, 64 requests in flight), credentials from the AWS_* variables or "bench", the bucket made if missing.
 */
final class PlainS3 {
    private PlainS3() {
    }

    static S3AsyncClient client(String endpoint, String bucket) {
        String key = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "bench");
        String secret = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "bench");
        S3AsyncClient plain = S3AsyncClient.crtBuilder().endpointOverride(URI.create(endpoint)).forcePathStyle(true)
                .region(Region.US_EAST_1).minimumPartSizeInBytes(8L << 20).thresholdInBytes(8L << 20)
                .maxConcurrency(64)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret))).build();
        try {
            plain.createBucket(c -> c.bucket(bucket)).join();
        } catch (RuntimeException e) {
            // there already
        }
        return plain;
    }
}
