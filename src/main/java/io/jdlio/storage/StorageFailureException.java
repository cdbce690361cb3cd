package io.jdlio.storage;

import java.io.IOException;

/**
 * A storage service that failed a request for good (unreachable, refusing, out of retries): its message is one
 * line for the user, naming the endpoint and the object and what to do, like a WorkloadException's.
 */
public class StorageFailureException extends IOException {
    private static final long serialVersionUID = 1L;

    public StorageFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
