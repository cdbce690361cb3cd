package io.jdlio.workload;

import io.jdlio.config.StorageConfig;
import io.jdlio.storage.AzureBlobStorage;
import io.jdlio.storage.AzureSettings;
import java.time.Duration;
import java.util.Map;

/**
 * The Azure backend's transfer settings from {@code storage_options}, the same keys as S3's: {@code part_size}
 * (bytes per staged block and per parallel ranged GET), {@code max_concurrency} (blocks in flight per object),
 * {@code read_ahead} (the least a sequential reader fetches) and {@code max_attempts} (tries per request).
 */
final class AzureOptions {
    private static final long MAX_BLOCK = 4000L << 20;

    private AzureOptions() {
    }

    /** The Azure storage for a data or checkpoint folder; a root that names no container is one line. */
    static AzureBlobStorage open(StorageConfig s, String location, Map<String, String> env) {
        try {
            return AzureBlobStorage.forWorkload(s.storageRoot(), location, s.options(), env, of(s.options()));
        } catch (IllegalArgumentException e) {
            throw new WorkloadException(e.getMessage());
        }
    }

    static AzureSettings of(Map<String, String> o) {
        AzureSettings d = AzureSettings.defaults();
        long block = number(o, "part_size", d.blockSize());
        if (block < 1 || block > Math.min(MAX_BLOCK, Integer.MAX_VALUE - 8)) {
            throw new WorkloadException("storage.storage_options.part_size = " + block + ": an Azure block is 1 byte to "
                    + "2 GiB here; give a smaller part_size");
        }
        int concurrency = (int) Math.max(1, number(o, "max_concurrency", d.maxConcurrency()));
        int readAhead = (int) Math.max(0, Math.min(Integer.MAX_VALUE - 8, number(o, "read_ahead", d.readAhead())));
        int attempts = (int) Math.max(1, number(o, "max_attempts", d.maxTries()));
        return new AzureSettings((int) block, concurrency, readAhead, (int) Math.max(block * 2, d.parallelReadThreshold()),
                attempts, Duration.ofMillis(200), d.tryTimeout());
    }

    private static long number(Map<String, String> o, String key, long def) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return (long) Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new WorkloadException("storage.storage_options." + key + " = \"" + v + "\": expected a number");
        }
    }
}
