package io.jdlio.storage;

import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpPipelinePosition;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.storage.blob.models.BlobStorageException;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Counts the requests the Azure client sends and how many were retries (the SDK's retry policy sits between
 * the two counters: a call counted once per operation, a try once per attempt, a failed try by its cause), and
 * turns the SDK's failures into one-line messages naming the endpoint and the blob.
 */
final class AzureRequests {
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong tries = new AtomicLong();
    private final RetryCounter failedTries = new RetryCounter();
    private final String endpoint;
    private final int maxTries;

    AzureRequests(String endpoint, int maxTries) {
        this.endpoint = endpoint;
        this.maxTries = maxTries;
    }

    /** Requests tried again after a 500, 503, timeout or broken connection. */
    long retries() {
        return Math.max(0, tries.get() - calls.get());
    }

    /** Failed tries by cause: those the retry policy tried again, and the last of a request that ran out of tries. */
    StorageRetries failedTries() {
        return failedTries.snapshot();
    }

    long requests() {
        return tries.get();
    }

    HttpPipelinePolicy perCall() {
        return new Counter(calls, HttpPipelinePosition.PER_CALL);
    }

    HttpPipelinePolicy perTry() {
        return new TryCounter(tries, failedTries);
    }

    /** One line: what failed, on which blob, at which endpoint, why, and what to do. */
    IOException failure(String action, String uri, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        BlobStorageException bse = find(e);
        String why;
        String hint;
        if (bse != null) {
            why = "HTTP " + bse.getStatusCode() + (bse.getErrorCode() == null ? "" : " " + bse.getErrorCode());
            hint = bse.getStatusCode() == 403 ? "check the account, key or SAS in the environment"
                    : bse.getStatusCode() >= 500 ? "the service kept failing after " + maxTries + " tries; rerun later"
                    : "check the location and rerun";
        } else {
            String m = root.getMessage();
            why = root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " " + firstLine(m));
            hint = "no answer after " + maxTries + " tries; check that the server is running and rerun";
        }
        return new StorageFailureException(uri + " at " + endpoint + ": cannot " + action + " (" + why + "); " + hint, e);
    }

    static BlobStorageException find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BlobStorageException b) {
                return b;
            }
        }
        return null;
    }

    static boolean isNotFound(Throwable e) {
        BlobStorageException b = find(e);
        return b != null && b.getStatusCode() == 404;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl >= 0 ? s.substring(0, nl) : s;
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /**
     * Each try, and the cause of each that failed with a status or error the retry policy retries. Such an
     * error answer is also buffered: the storage retry policy drains its body and closes it, and with the JDK
     * HTTP client the close already consumed the body, so a retried download failed with "This publisher has
     * already one subscriber" instead of being tried again (an error body is a few hundred bytes).
     */
    private record TryCounter(AtomicLong count, RetryCounter failed) implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            count.incrementAndGet();
            return next.process().map(this::status).doOnError(this::error);
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            count.incrementAndGet();
            try {
                return status(next.processSync());
            } catch (RuntimeException e) {
                error(e);
                throw e;
            }
        }

        private HttpResponse status(HttpResponse r) {
            int code = r.getStatusCode();
            RetryCounter.Cause c = code >= 500 || code == 429 ? RetryCounter.classify(code, null) : null;
            if (c == null) {
                return r;
            }
            failed.count(c);
            return r.buffer();
        }

        private void error(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            RetryCounter.Cause c = RetryCounter.classify(0, e.getClass().getSimpleName() + " " + e.getMessage() + " "
                    + root.getClass().getSimpleName() + " " + root.getMessage());
            if (c != null) {
                failed.count(c);
            }
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return HttpPipelinePosition.PER_RETRY;
        }
    }

    private record Counter(AtomicLong count, HttpPipelinePosition position) implements HttpPipelinePolicy {
        @Override
        public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
            count.incrementAndGet();
            return next.process();
        }

        @Override
        public HttpResponse processSync(HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
            count.incrementAndGet();
            return next.processSync();
        }

        @Override
        public HttpPipelinePosition getPipelinePosition() {
            return position;
        }
    }
}
