package io.jdlio.config;

import java.util.Map;

/**
 * DLIO's {@code storage} section (docs/config-keys.md, "storage"); options are kept as strings, as DLIO passes them on.
 */
public record StorageConfig(StorageType storageType, String storageRoot, Map<String, String> options) {
}
