package io.jdlio.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.UUID;

/**
 * The Azurite server scripts/test starts (Azure's own emulator, a real Blob service on 127.0.0.1), found through
 * the {@code jdlio.azurite} system property or the {@code JDLIO_AZURITE} environment variable; tests that need it
 * are skipped, saying why, when neither is set.
 */
public final class Azurite {
    /** Azurite's published development account and key: not a secret, the same in every installation. */
    public static final String ACCOUNT = "devstoreaccount1";
    public static final String KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Azurite() {
    }

    /** The blob endpoint, e.g. http://127.0.0.1:10000/devstoreaccount1; skips the test when none was given. */
    public static String endpoint() {
        String e = System.getProperty("jdlio.azurite", System.getenv("JDLIO_AZURITE"));
        assumeTrue(e != null && !e.isBlank(), "no Azurite server: run scripts/test, or set JDLIO_AZURITE to its blob "
                + "endpoint (http://127.0.0.1:PORT/devstoreaccount1)");
        return e;
    }

    public static String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + KEY + ";BlobEndpoint="
                + endpoint() + ";";
    }

    /** A container of its own for one test, so tests never see each other's blobs. */
    public static String freshUri(String prefix) {
        return "az://" + ACCOUNT + "/t" + UUID.randomUUID().toString().replace("-", "").substring(0, 20) + "/" + prefix;
    }

    public static AzureBlobStorage storage(String uri, AzureSettings settings) {
        return new AzureBlobStorage(AzureLocation.parse(uri), AzureCredentials.connectionString(connectionString()),
                settings);
    }
}
