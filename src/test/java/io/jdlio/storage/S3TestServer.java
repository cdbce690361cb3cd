package io.jdlio.storage;

import java.net.URI;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * The S3 server the test command started (S3Mock, its own JVM), named by {@code JDLIO_TEST_S3_ENDPOINT} or
 * the system property {@code jdlio.test.s3.endpoint}. Without one, the tests that need it are skipped with
 * that reason: {@code scripts/test} always starts it and gives it.
 */
public final class S3TestServer {
    public static final String BUCKET = "jdlio-test";

    private S3TestServer() {
    }

    public static String endpoint() {
        String e = System.getProperty("jdlio.test.s3.endpoint", System.getenv("JDLIO_TEST_S3_ENDPOINT"));
        Assumptions.assumeTrue(e != null && !e.isBlank(), "no S3 test server: set JDLIO_TEST_S3_ENDPOINT "
                + "(scripts/test starts S3Mock and sets it)");
        return e;
    }

    /** The endpoint, with the test bucket made. */
    public static String withBucket() {
        String e = endpoint();
        try (S3AsyncClient c = S3AsyncClient.crtBuilder().endpointOverride(URI.create(e)).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            c.createBucket(b -> b.bucket(BUCKET)).join();
        } catch (CompletionException ex) {
            if (!(ex.getCause() instanceof BucketAlreadyOwnedByYouException
                    || String.valueOf(ex.getCause()).contains("BucketAlreadyOwnedByYou")
                    || String.valueOf(ex.getCause()).contains("BucketAlreadyExists"))) {
                throw ex;
            }
        }
        return e;
    }

    /** Storage options for the test server, as overrides: endpoint and dummy keys (S3Mock checks none). */
    public static String overrides(String endpoint) {
        return String.join(";", "++storage.storage_type=s3", "++storage.storage_root=" + BUCKET,
                "++storage.storage_options.endpoint_url=" + endpoint, "++storage.storage_options.access_key_id=test",
                "++storage.storage_options.secret_access_key=test-secret");
    }
}
