package io.jdlio.storage;

import java.util.Map;
import java.util.Optional;

/**
 * How jdlio signs its Azure Blob requests, and where it sends them. Read from the environment: a connection
 * string ({@code AZURE_STORAGE_CONNECTION_STRING}), else an account key ({@code AZURE_STORAGE_KEY}, with
 * {@code AZURE_STORAGE_ACCOUNT}), else a SAS token ({@code AZURE_STORAGE_SAS_TOKEN}); the endpoint from the
 * connection string, {@code AZURE_STORAGE_BLOB_ENDPOINT}, the config's {@code endpoint_url}, or Azure's public
 * one for the account. {@link #toString()} never shows the secret: these values reach messages and logs.
 */
public final class AzureCredentials {
    public enum Kind { CONNECTION_STRING, ACCOUNT_KEY, SAS, ANONYMOUS }

    private final Kind kind;
    private final String secret;
    private final String endpoint;

    private AzureCredentials(Kind kind, String secret, String endpoint) {
        this.kind = kind;
        this.secret = secret;
        this.endpoint = endpoint;
    }

    public static AzureCredentials connectionString(String connectionString) {
        String endpoint = field(connectionString, "BlobEndpoint").orElseGet(() -> {
            String protocol = field(connectionString, "DefaultEndpointsProtocol").orElse("https");
            String account = field(connectionString, "AccountName").orElse("");
            String suffix = field(connectionString, "EndpointSuffix").orElse("core.windows.net");
            return protocol + "://" + account + ".blob." + suffix;
        });
        return new AzureCredentials(Kind.CONNECTION_STRING, connectionString, stripSlash(endpoint));
    }

    public static AzureCredentials accountKey(String key, String endpoint) {
        return new AzureCredentials(Kind.ACCOUNT_KEY, key, stripSlash(endpoint));
    }

    public static AzureCredentials sas(String token, String endpoint) {
        return new AzureCredentials(Kind.SAS, token.startsWith("?") ? token.substring(1) : token, stripSlash(endpoint));
    }

    /**
     * Credentials for {@code account} from {@code env}; {@code endpointUrl} (the config's, may be null) wins over
     * the environment's endpoint and Azure's public one, but not over a connection string's own.
     */
    public static AzureCredentials fromEnvironment(Map<String, String> env, String account, String endpointUrl) {
        String cs = env.get("AZURE_STORAGE_CONNECTION_STRING");
        if (cs != null && !cs.isBlank()) {
            return connectionString(cs.trim());
        }
        String endpoint = endpointUrl != null && !endpointUrl.isBlank() ? endpointUrl
                : Optional.ofNullable(env.get("AZURE_STORAGE_BLOB_ENDPOINT")).filter(s -> !s.isBlank())
                        .orElse("https://" + account + ".blob.core.windows.net");
        String key = env.get("AZURE_STORAGE_KEY");
        if (key != null && !key.isBlank()) {
            return accountKey(key.trim(), endpoint);
        }
        String sas = env.get("AZURE_STORAGE_SAS_TOKEN");
        if (sas != null && !sas.isBlank()) {
            return sas(sas.trim(), endpoint);
        }
        return new AzureCredentials(Kind.ANONYMOUS, null, stripSlash(endpoint));
    }

    public Kind kind() {
        return kind;
    }

    /** The blob service endpoint, e.g. {@code https://acct.blob.core.windows.net}; never carries a secret. */
    public String endpoint() {
        return endpoint;
    }

    String secret() {
        return secret;
    }

    /** The account name the secret belongs to, where the secret says (a connection string does). */
    public Optional<String> accountName() {
        return kind == Kind.CONNECTION_STRING ? field(secret, "AccountName") : Optional.empty();
    }

    private static Optional<String> field(String cs, String name) {
        for (String part : cs.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equalsIgnoreCase(name)) {
                return Optional.of(part.substring(eq + 1).trim());
            }
        }
        return Optional.empty();
    }

    private static String stripSlash(String s) {
        String e = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
        int q = e.indexOf('?');
        return q >= 0 ? e.substring(0, q) : e;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " for " + endpoint + (secret == null ? "" : " (secret ***)");
    }
}
