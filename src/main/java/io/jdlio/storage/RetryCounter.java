package io.jdlio.storage;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/** Counts failed tries of an object store's requests by cause; {@link #snapshot()} is the counts so far. */
final class RetryCounter {
    enum Cause { THROTTLED, SERVER_ERROR, CONNECTION_RESET, TIMEOUT, OTHER }

    private final LongAdder[] counts = new LongAdder[Cause.values().length];

    RetryCounter() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    void count(Cause cause) {
        counts[cause.ordinal()].increment();
    }

    /**
     * The cause of a failed try from its HTTP status (0 when no response came) or else the name of its
     * transport error (CRT's {@code AWS_IO_SOCKET_CLOSED}, a Java exception's class...); null when the try did
     * not fail in a way a client retries.
     */
    static Cause classify(int status, String error) {
        if (status == 503 || status == 429) {
            return Cause.THROTTLED;
        }
        if (status >= 500) {
            return Cause.SERVER_ERROR;
        }
        if (status >= 200 && status < 500) {
            return null;
        }
        if (error == null || error.isBlank()) {
            return null;
        }
        String e = error.toUpperCase(Locale.ROOT);
        if (e.contains("TIMEOUT") || e.contains("TIMED_OUT") || e.contains("TIMEDOUT")) {
            return Cause.TIMEOUT;
        }
        if (e.contains("RESET") || e.contains("CLOSED") || e.contains("BROKEN_PIPE") || e.contains("CONNECTION")
                || e.contains("EOF") || e.contains("PREMATURE")) {
            return Cause.CONNECTION_RESET;
        }
        return Cause.OTHER;
    }

    StorageRetries snapshot() {
        return new StorageRetries(counts[0].sum(), counts[1].sum(), counts[2].sum(), counts[3].sum(), counts[4].sum());
    }
}
