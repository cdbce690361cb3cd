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
        return withBucket(endpoint(), BUCKET);
    }

    /** Makes {@code bucket} on the server at {@code e} unless it is there; returns {@code e}. */
    public static String withBucket(String e, String bucket) {
        try (S3AsyncClient c = S3AsyncClient.crtBuilder().endpointOverride(URI.create(e)).forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            c.createBucket(b -> b.bucket(bucket)).join();
        } catch (CompletionException ex) {
            if (!(ex.getCause() instanceof BucketAlreadyOwnedByYouException
                    || String.valueOf(ex.getCause()).contains("BucketAlreadyOwnedByYou")
                    || String.valueOf(ex.getCause()).contains("BucketAlreadyExists"))) {
                throw ex;
            }
        }
        return e;
    }

    /** The S3Mock exec jar scripts/test-s3 runs, for tests that start and kill a server of their own. */
    public static String jar() {
        String j = System.getenv("JDLIO_TEST_S3MOCK_JAR");
        Assumptions.assumeTrue(j != null && !j.isBlank(), "no S3Mock jar: set JDLIO_TEST_S3MOCK_JAR "
                + "(scripts/test-s3 sets it)");
        return j;
    }

    /**
     * Starts S3Mock on {@code port} with its objects in {@code store} (kept when it stops), and waits until it
     * answers; the caller destroys it. Runs in scripts/test-s3's private namespaces, which end it in any case.
     */
    public static Process start(int port, java.nio.file.Path store, java.nio.file.Path log) throws Exception {
        Process p = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-jar", jar(), "--http.port=" + port, "--server.port=" + (port + 1),
                "--server.address=127.0.0.1", "--com.adobe.testing.s3mock.store.root=" + store,
                "--com.adobe.testing.s3mock.store.retain-files-on-exit=true")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (java.io.IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("S3Mock ended at start: " + java.nio.file.Files.readString(log));
                }
                Thread.sleep(250);
            }
        }
        p.destroyForcibly();
        throw new IllegalStateException("S3Mock did not answer on port " + port + " within 120 s");
    }

    /** Storage options for the test server, as overrides: endpoint and dummy keys (S3Mock checks none). */
    public static String overrides(String endpoint) {
        return String.join(";", "++storage.storage_type=s3", "++storage.storage_root=" + BUCKET,
                "++storage.storage_options.endpoint_url=" + endpoint, "++storage.storage_options.access_key_id=test",
                "++storage.storage_options.secret_access_key=test-secret");
    }
}
