package io.jdlio.config;

/**
 * Checks of the dataset section that belong to its format (which compressions it takes, what its options
 * allow). The format package owns them; config depends on nothing, so it finds them as a service
 * ({@code META-INF/services/io.jdlio.config.DatasetRules}) and runs them on every load, like its own checks.
 */
public interface DatasetRules {
    /** Fails with a {@link ConfigException} naming the key, when the format cannot hold what the section asks. */
    void check(String source, DatasetConfig dataset);
}
