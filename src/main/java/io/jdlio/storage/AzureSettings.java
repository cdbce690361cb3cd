package io.jdlio.storage;

import java.time.Duration;

/**
 * How the Azure Blob backend moves bytes. Blocks of {@code blockSize} are staged with at most
 * {@code maxConcurrency} in flight per object (so a writer holds at most {@code maxConcurrency + 1} blocks in
 * memory, whatever the object's size); a sequential reader reads {@code readAhead} bytes per ranged GET; a read
 * of {@code parallelReadThreshold} bytes or more is split into parallel ranged GETs of {@code blockSize}.
 * Failed requests are tried up to {@code maxTries} times with exponential backoff from {@code retryDelay}.
 */
public record AzureSettings(int blockSize, int maxConcurrency, int readAhead, int parallelReadThreshold,
        int maxTries, Duration retryDelay, Duration tryTimeout) {

    public AzureSettings {
        if (blockSize < 1 || maxConcurrency < 1 || readAhead < 0 || parallelReadThreshold < 1 || maxTries < 1) {
            throw new IllegalArgumentException("Azure settings must be positive: " + blockSize + ", "
                    + maxConcurrency + ", " + readAhead + ", " + parallelReadThreshold + ", " + maxTries);
        }
    }

    /** 8 MiB blocks x 8 in flight, 4 MiB read-ahead, 4 tries from 200 ms: a dead server is reported in ~2 s. */
    public static AzureSettings defaults() {
        return new AzureSettings(8 << 20, 8, 4 << 20, 16 << 20, 4, Duration.ofMillis(200), Duration.ofSeconds(60));
    }

    public AzureSettings withBlockSize(int bytes) {
        return new AzureSettings(bytes, maxConcurrency, readAhead, parallelReadThreshold, maxTries, retryDelay,
                tryTimeout);
    }

    public AzureSettings withMaxConcurrency(int n) {
        return new AzureSettings(blockSize, n, readAhead, parallelReadThreshold, maxTries, retryDelay, tryTimeout);
    }

    public AzureSettings withParallelReadThreshold(int bytes) {
        return new AzureSettings(blockSize, maxConcurrency, readAhead, bytes, maxTries, retryDelay, tryTimeout);
    }
}
