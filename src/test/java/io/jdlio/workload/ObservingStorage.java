package io.jdlio.workload;

import io.jdlio.storage.FolderLock;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A storage that watches its readers: which files were opened, which threads read, and how many reads were in
 * progress at once. Each read can be made to last a while, so readers that run together are seen together.
 * Offers no local paths, so every format reads through {@link #open}.
 */
final class ObservingStorage implements Storage {
    private final Storage inner;
    private final long readMillis;
    private final Set<String> opened = ConcurrentHashMap.newKeySet();
    private final Set<String> readingThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reading = new AtomicInteger();
    private final AtomicInteger mostReading = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();

    /** Whether only the first reads are slow, and how many of them are left. */
    private final boolean slowAtFirstOnly;
    private final AtomicInteger slowReadsLeft;

    ObservingStorage(Storage inner, long readMillis) {
        this(inner, readMillis, -1);
    }

    /** Only the first {@code slowReads} reads take {@code readMillis}: a storage slow to start. */
    ObservingStorage(Storage inner, long readMillis, int slowReads) {
        this.inner = inner;
        this.readMillis = readMillis;
        this.slowAtFirstOnly = slowReads >= 0;
        this.slowReadsLeft = new AtomicInteger(slowReads);
    }

    /** Distinct files opened so far. */
    int filesOpened() {
        return opened.size();
    }

    /** Bytes the readers were handed, all files together. */
    long bytesRead() {
        return bytes.get();
    }

    /** Names of the threads that read. */
    Set<String> readingThreads() {
        return Set.copyOf(readingThreads);
    }

    /** The most reads that were in progress at the same time. */
    int mostReadsAtOnce() {
        return mostReading.get();
    }

    @Override
    public ObjectReader open(String path) throws IOException {
        ObjectReader r = inner.open(path);
        opened.add(path);
        return new ObjectReader() {
            @Override
            public long size() {
                return r.size();
            }

            @Override
            public int read(long offset, ByteBuffer dst) throws IOException {
                readingThreads.add(Thread.currentThread().getName());
                int now = reading.incrementAndGet();
                mostReading.accumulateAndGet(now, Math::max);
                try {
                    if (readMillis > 0 && (!slowAtFirstOnly || slowReadsLeft.getAndDecrement() > 0)) {
                        Thread.sleep(readMillis);
                    }
                    int n = r.read(offset, dst);
                    bytes.addAndGet(Math.max(0, n));
                    return n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("read interrupted");
                } finally {
                    reading.decrementAndGet();
                }
            }

            @Override
            public void close() throws IOException {
                r.close();
            }
        };
    }

    @Override
    public ObjectWriter create(String path) throws IOException {
        return inner.create(path);
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        return inner.size(path);
    }

    @Override
    public void deleteFolder(String prefix) throws IOException {
        inner.deleteFolder(prefix);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public void delete(String path) throws IOException {
        inner.delete(path);
    }

    @Override
    public void makeFolder(String path) throws IOException {
        inner.makeFolder(path);
    }

    @Override
    public FolderLock lock(String folder, boolean exclusive, String purpose) throws IOException {
        return inner.lock(folder, exclusive, purpose);
    }

    @Override
    public String describe(String path) {
        return inner.describe(path);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
