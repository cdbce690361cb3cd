package io.jdlio.metrics;

/** One rank's save or load of one checkpoint: its own call's span and the bytes it moved. */
public record CheckpointTiming(boolean save, int index, String start, String end, double seconds, long bytes) {
}
