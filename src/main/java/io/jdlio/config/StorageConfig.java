package io.jdlio.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DLIO's {@code storage} section; options are kept as strings, as DLIO passes them on. The MLCommons fork adds
 * {@code storage_library} (s3dlio, minio, s3torchconnector: recorded, all served by jdlio's own S3 client),
 * {@code endpoint_uris} with {@code use_mpi_endpoint_distribution} (endpoints shared out by rank) and
 * {@code post_generation_settle_seconds} (a wait after generation before reading, for eventually consistent
 * stores).
 */
public record StorageConfig(StorageType storageType, String storageRoot, Map<String, String> options,
        String library, List<String> endpointUris, boolean endpointsByRank, double settleSeconds) {

    /** Never shows a credential: a record's own toString would print the options as given. */
    @Override
    public String toString() {
        return "StorageConfig[storageType=" + storageType + ", storageRoot=" + storageRoot + ", options="
                + masked(options) + ", library=" + library + ", endpointUris=" + endpointUris + ", endpointsByRank="
                + endpointsByRank + ", settleSeconds=" + settleSeconds + "]";
    }

    /** The storage options as outputs may show them: every credential as {@code ***}. */
    public static Map<String, Object> masked(Map<String, String> options) {
        Map<String, Object> out = new LinkedHashMap<>();
        options.forEach((k, v) -> out.put(k, v != null && secret(k) ? "***" : v));
        return out;
    }

    /** Whether an option's value is a credential, never to be printed. */
    public static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("access_key") || k.contains("token") || k.contains("password")
                || k.contains("account_key") || k.contains("connection_string") || k.contains("sas");
    }
}
