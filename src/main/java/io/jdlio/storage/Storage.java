package io.jdlio.storage;

import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where datasets and checkpoints live. Paths are '/'-separated and relative to the backend's root (a
 * directory, a bucket). Every backend offers the same few operations, so formats and engines never know
 * which one they talk to.
 */
public interface Storage extends AutoCloseable {

    /** A writer for a new object; nothing is visible under {@code path} until {@link ObjectWriter#commit()}. */
    ObjectWriter create(String path) throws IOException;

    /** Opens an existing object for positional reads. */
    ObjectReader open(String path) throws IOException;

    /** The object's size, or empty when there is none. */
    OptionalLong size(String path) throws IOException;

    /**
     * Opens an object so that reads come from the storage, not from this host's page cache (O_DIRECT for
     * files); empty when the backend or file system cannot, in which case callers try {@link #evictCache()}.
     */
    default java.util.Optional<ObjectReader> openUncached(String path) throws IOException {
        return java.util.Optional.empty();
    }

    /**
     * Bytes this thread's reads moved from storage beyond those they delivered since the last call, and resets
     * the count: O_DIRECT moves whole blocks. Zero for backends that move what is asked.
     */
    default long takeExtraTransferred() {
        return 0;
    }

    /** Whether every data read and write goes to the storage itself, never to this host's page cache. */
    default boolean bypassesCache() {
        return false;
    }

    /** The object as a local file, for memory mapping; empty for object stores. */
    default java.util.Optional<java.nio.file.Path> localPath(String path) {
        return java.util.Optional.empty();
    }

    /** Drops cached copies of this storage's data from the host's page cache; false when not permitted. */
    default boolean evictCache() {
        return false;
    }

    /** Deletes a folder and everything below it; a no-op when absent. */
    void deleteFolder(String prefix) throws IOException;

    /** Names (relative to {@code prefix}) of the objects directly under a folder prefix; empty when absent. */
    List<String> list(String prefix) throws IOException;

    /** Deletes an object if present. */
    void delete(String path) throws IOException;

    /** Creates a folder where the backend has folders; a no-op for object stores. */
    void makeFolder(String path) throws IOException;

    /**
     * Holds {@code folder} against conflicting jdlio runs, at once or not at all: shared for readers, exclusive
     * for a writer. Throws {@link FolderInUseException} naming the holder when another run holds it. Backends
     * without a lock mechanism hold nothing.
     */
    default FolderLock lock(String folder, boolean exclusive, String purpose) throws IOException {
        return FolderLock.NONE;
    }

    /** Appends {@code bytes} to an object, creating it: for jdlio's own records, written as work is committed. */
    default void append(String path, byte[] bytes) throws IOException {
        throw new IOException(describe(path) + ": this storage cannot append to an object");
    }

    /** Bytes free for new objects under {@code path} (its nearest existing folder); empty when unknown. */
    default OptionalLong usableSpace(String path) throws IOException {
        return OptionalLong.empty();
    }

    /**
     * Deletes jdlio's temporary objects under {@code folder} (down to {@code depth} levels) whose writer
     * process is gone, and nothing else; returns their paths.
     */
    default List<String> removeLeftovers(String folder, int depth) throws IOException {
        return List.of();
    }

    /** What this backend can do; formats and engines ask this, never whether the storage is local. */
    default StorageTraits traits() {
        return StorageTraits.OBJECTS;
    }

    /**
     * Paths (relative to {@code folder}, '/'-separated) of every object below {@code folder}, at any depth, in
     * no set order; folders themselves are not objects. Empty when absent.
     */
    default List<String> walk(String folder) throws IOException {
        throw new IOException(describe(folder) + ": this storage cannot list what is below a folder");
    }

    /** Removes each of {@code folders} that is empty, deepest first; a no-op where folders do not exist alone. */
    default void removeEmptyFolders(List<String> folders) throws IOException {
    }

    /** Whether {@code path} is a folder that exists of its own; always false where folders do not. */
    default boolean isFolder(String path) {
        return false;
    }

    /**
     * The requests this storage's client has tried again since it was opened, by cause; empty where the backend
     * retries nothing (local files) or cannot tell.
     */
    default java.util.Optional<StorageRetries> retries() {
        return java.util.Optional.empty();
    }

    /** A human-readable location, for messages: a directory or a bucket URI. */
    String describe(String path);

    @Override
    void close() throws IOException;
}
