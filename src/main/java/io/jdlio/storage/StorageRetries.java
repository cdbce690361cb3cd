package io.jdlio.storage;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests an object store's client sent again, by why the try before failed: throttled (503 SlowDown, 429),
 * another server error (500, 502, 504), a connection reset or closed under it, a timeout, or something else.
 * A run that completed retried every failed try it counts; one that ran out of tries has ended with its error.
 */
public record StorageRetries(long throttled, long serverErrors, long connectionResets, long timeouts, long other) {
    public static final StorageRetries NONE = new StorageRetries(0, 0, 0, 0, 0);

    public long total() {
        return throttled + serverErrors + connectionResets + timeouts + other;
    }

    public StorageRetries plus(StorageRetries o) {
        return new StorageRetries(throttled + o.throttled, serverErrors + o.serverErrors,
                connectionResets + o.connectionResets, timeouts + o.timeouts, other + o.other);
    }

    public StorageRetries minus(StorageRetries o) {
        return new StorageRetries(throttled - o.throttled, serverErrors - o.serverErrors,
                connectionResets - o.connectionResets, timeouts - o.timeouts, other - o.other);
    }

    /** The counts as outputs name them, the total first. */
    public Map<String, Long> asMap() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("total", total());
        m.put("throttled", throttled);
        m.put("server_error", serverErrors);
        m.put("connection_reset", connectionResets);
        m.put("timeout", timeouts);
        m.put("other", other);
        return m;
    }
}
