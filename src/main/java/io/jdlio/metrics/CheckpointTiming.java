package io.jdlio.metrics;

/**
 * One rank's save or load of one checkpoint: its own call's span, the bytes it moved and each file's write (or read)
 * duration.
 */
public record CheckpointTiming(boolean save, int index, String start, String end, double seconds, long bytes,
                               Latency files) {
    /** A timing whose files were not timed one by one. */
    public CheckpointTiming(boolean save, int index, String start, String end, double seconds, long bytes) {
        this(save, index, start, end, seconds, bytes, new Latency());
    }
}
