package io.jdlio.storage;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.crt.CRT;
import software.amazon.awssdk.crt.http.HttpHeader;
import software.amazon.awssdk.crt.s3.ResumeToken;
import software.amazon.awssdk.crt.s3.S3Client;
import software.amazon.awssdk.crt.s3.S3ClientOptions;
import software.amazon.awssdk.crt.s3.S3FinishedResponseContext;
import software.amazon.awssdk.crt.s3.S3MetaRequest;
import software.amazon.awssdk.crt.s3.S3MetaRequestOptions;
import software.amazon.awssdk.crt.s3.S3MetaRequestProgress;
import software.amazon.awssdk.crt.s3.S3MetaRequestResponseHandler;
import software.amazon.awssdk.crt.s3.S3RequestMetrics;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Counts the tries the SDK's CRT-based S3 client makes again. That client retries inside the native CRT (each
 * part of a multipart upload, each ranged GET), and this SDK version publishes none of it: the CRT reports
 * every try to its response handler's {@code onTelemetry}, which the SDK's handler ignores. So the client's
 * native S3 client is replaced, once, by one made with the same options whose requests' handlers also read
 * that report. Where the SDK's insides are not as expected nothing is replaced, and the retries are unknown
 * (the outputs then say nothing of them) rather than the client broken.
 */
final class S3CrtTelemetry {
    /** How many objects the search for the native client looks at, at most: it is a few levels down. */
    private static final int SEARCH_LIMIT = 20_000;

    private S3CrtTelemetry() {
    }

    /** Makes {@code client}'s failed tries count in {@code counter}; false when that was not possible. */
    static boolean install(S3AsyncClient client, RetryCounter counter) {
        try {
            Holder h = find(client);
            if (h == null) {
                return false;
            }
            Object options = h.owner().getClass().getMethod("s3ClientOptions").invoke(h.owner());
            if (!(options instanceof S3ClientOptions o)) {
                return false;
            }
            S3Client original = (S3Client) h.field().get(h.owner());
            h.field().set(h.owner(), new Counting(o, counter));
            original.close();
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    private record Holder(Object owner, Field field) {
    }

    /** The object, among the SDK's below {@code root}, that holds the native S3 client in a field. */
    private static Holder find(Object root) throws IllegalAccessException {
        Deque<Object> todo = new ArrayDeque<>();
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        todo.add(root);
        while (!todo.isEmpty() && seen.size() < SEARCH_LIMIT) {
            Object o = todo.poll();
            if (o == null || !seen.add(o)) {
                continue;
            }
            if (o instanceof Map<?, ?> m) {
                todo.addAll(m.values());
                continue;
            }
            if (o instanceof Collection<?> c) {
                todo.addAll(c);
                continue;
            }
            if (!o.getClass().getName().startsWith("software.amazon.awssdk.")) {
                continue;
            }
            for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
                        continue;
                    }
                    if (!f.trySetAccessible()) {
                        continue;
                    }
                    Object v = f.get(o);
                    if (v instanceof S3Client && S3Client.class.isAssignableFrom(f.getType())
                            && !(v instanceof Counting)) {
                        return new Holder(o, f);
                    }
                    if (v != null) {
                        todo.add(v);
                    }
                }
            }
        }
        return null;
    }

    /** The native S3 client, its requests' handlers wrapped to count. */
    private static final class Counting extends S3Client {
        private final RetryCounter counter;

        Counting(S3ClientOptions options, RetryCounter counter) {
            super(options);
            this.counter = counter;
        }

        @Override
        public S3MetaRequest makeMetaRequest(S3MetaRequestOptions options) {
            S3MetaRequestResponseHandler inner = options.getResponseHandler();
            if (inner != null) {
                options.withResponseHandler(new CountingHandler(inner, counter));
            }
            return super.makeMetaRequest(options);
        }
    }

    /** The SDK's handler, and one more reader of each try's report. */
    private record CountingHandler(S3MetaRequestResponseHandler inner, RetryCounter counter)
            implements S3MetaRequestResponseHandler {
        @Override
        public void onResponseHeaders(int statusCode, HttpHeader[] headers) {
            inner.onResponseHeaders(statusCode, headers);
        }

        @Override
        public int onResponseBody(java.nio.ByteBuffer bodyBytesIn, long objectRangeStart, long objectRangeEnd) {
            return inner.onResponseBody(bodyBytesIn, objectRangeStart, objectRangeEnd);
        }

        @Override
        public void onFinished(S3FinishedResponseContext context) {
            inner.onFinished(context);
        }

        @Override
        public void onProgress(S3MetaRequestProgress progress) {
            inner.onProgress(progress);
        }

        @Override
        public void onErrorResumeToken(int errorCode, ResumeToken token) {
            inner.onErrorResumeToken(errorCode, token);
        }

        /** One try of one request: a failed one is counted by its cause. */
        @Override
        public void onTelemetry(S3RequestMetrics metrics) {
            try {
                int status = metrics.getResponseStatus();
                int error = metrics.getErrorCode();
                if (error == 0 && (status == 0 || status < 500 && status != 429)) {
                    return;
                }
                RetryCounter.Cause cause = RetryCounter.classify(status, error == 0 ? null : CRT.awsErrorName(error));
                if (cause != null) {
                    counter.count(cause);
                }
            } catch (RuntimeException e) {
                // a report that cannot be read must not disturb the request
            } finally {
                inner.onTelemetry(metrics);
            }
        }
    }
}
