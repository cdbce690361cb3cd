package io.jdlio.storage;

import java.io.IOException;

/**
 * A folder held against conflicting jdlio runs: shared by readers, exclusive for a writer. Closing releases
 * it. Held for a process, not a thread: one process's shared holds of a folder count as one holder.
 */
public interface FolderLock extends AutoCloseable {
    /** For backends (and read-only folders) where nothing can be held: nobody can rewrite what we read there. */
    FolderLock NONE = () -> { };

    @Override
    void close() throws IOException;
}
