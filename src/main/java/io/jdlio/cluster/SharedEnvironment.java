package io.jdlio.cluster;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The object-store settings of rank 0's environment, for ranks whose environment lacks them: mpirun passes
 * a variable to other hosts only when told ({@code -x NAME}), and a rank without its endpoint or credentials
 * would fail or hang where the others work (DLIO's multi-host object runs do: mlcommons/storage#592). A
 * rank's own value always wins; rank 0's fills in what is missing. They travel over MPI's own connections.
 */
final class SharedEnvironment {
    /** The variables jdlio's object-store backends read. */
    static final List<String> NAMES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
            "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_PROFILE",
            "AZURE_STORAGE_CONNECTION_STRING", "AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY", "AZURE_STORAGE_SAS_TOKEN",
            "AZURE_STORAGE_ENDPOINT");

    private SharedEnvironment() {
    }

    /** Rank 0's share: the named variables it has, as NAME=VALUE lines separated by NUL. */
    static byte[] encode(Map<String, String> env) {
        StringBuilder sb = new StringBuilder();
        for (String name : NAMES) {
            String v = env.get(name);
            if (v != null && !v.isEmpty()) {
                sb.append(name).append('=').append(v).append('\0');
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code own}, with rank 0's values for the named variables it lacks. */
    static Map<String, String> merge(Map<String, String> own, byte[] rank0) {
        Map<String, String> m = new HashMap<>(own);
        for (String entry : new String(rank0, StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0 && NAMES.contains(entry.substring(0, eq))) {
                String name = entry.substring(0, eq);
                String v = m.get(name);
                if (v == null || v.isEmpty()) {
                    m.put(name, entry.substring(eq + 1));
                }
            }
        }
        return Map.copyOf(m);
    }
}
