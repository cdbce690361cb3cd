package io.jdlio.cluster;

/** A failure of the processes' coordination, as one line. */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message);
    }
}
