package io.jdlio.workload;

import io.jdlio.storage.FolderLock;
import io.jdlio.storage.LocalStorage;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Local files seen through a test's lens: read-only (as a read-only folder is to a user who is not root), or
 * with a small disk, so a test of a full disk never fills a real one even when the check it pins is undone.
 */
final class TestStorage implements Storage {
    private final LocalStorage inner;
    private final boolean readOnly;
    private final long free;

    private TestStorage(LocalStorage inner, boolean readOnly, long free) {
        this.inner = inner;
        this.readOnly = readOnly;
        this.free = free;
    }

    static TestStorage readOnly(LocalStorage inner) {
        return new TestStorage(inner, true, -1);
    }

    static TestStorage withFree(LocalStorage inner, long free) {
        return new TestStorage(inner, false, free);
    }

    private void writable(String path) throws IOException {
        if (readOnly) {
            throw new AccessDeniedException(inner.describe(path));
        }
    }

    @Override
    public ObjectWriter create(String path) throws IOException {
        writable(path);
        return inner.create(path);
    }

    @Override
    public ObjectReader open(String path) throws IOException {
        return inner.open(path);
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        return inner.size(path);
    }

    @Override
    public Optional<ObjectReader> openUncached(String path) throws IOException {
        return inner.openUncached(path);
    }

    @Override
    public void deleteFolder(String prefix) throws IOException {
        writable(prefix);
        inner.deleteFolder(prefix);
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return inner.list(prefix);
    }

    @Override
    public void delete(String path) throws IOException {
        writable(path);
        inner.delete(path);
    }

    @Override
    public void makeFolder(String path) throws IOException {
        writable(path);
        inner.makeFolder(path);
    }

    @Override
    public FolderLock lock(String folder, boolean exclusive, String purpose) throws IOException {
        return readOnly ? FolderLock.NONE : inner.lock(folder, exclusive, purpose);
    }

    @Override
    public void append(String path, byte[] bytes) throws IOException {
        writable(path);
        inner.append(path, bytes);
    }

    @Override
    public OptionalLong usableSpace(String path) throws IOException {
        return free >= 0 ? OptionalLong.of(free) : inner.usableSpace(path);
    }

    @Override
    public List<String> removeLeftovers(String folder, int depth) throws IOException {
        return readOnly ? List.of() : inner.removeLeftovers(folder, depth);
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
