package io.jdlio.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The temporary files this JVM is writing, removed when the JVM ends before they are published. SIGTERM
 * (timeout(1), a job scheduler, the launcher stopping its fork) runs shutdown hooks but lets no thread finish
 * its write, and a thread outside the engine's task pools (the one writing a manifest, say) is not even told:
 * so the files themselves are tracked, and once the JVM is ending no new one may be started.
 */
public final class PendingTemporaries {
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();
    private static volatile boolean ending;

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(PendingTemporaries::removeAll, "jdlio-temporaries"));
        } catch (IllegalStateException e) {
            ending = true;
        }
    }

    private PendingTemporaries() {
    }

    /**
     * Records a temporary before it is created; refuses once the JVM is ending. Registering first and checking
     * after means a file is either seen by the sweep or never created.
     */
    public static void register(Path temp) throws IOException {
        OPEN.add(temp);
        if (ending) {
            OPEN.remove(temp);
            throw new IOException("not writing " + temp.getFileName() + ": the JVM is shutting down");
        }
    }

    /** The temporary was published (renamed) or deleted by its writer. */
    public static void release(Path temp) {
        OPEN.remove(temp);
    }

    private static void removeAll() {
        ending = true;
        for (Path p : Set.copyOf(OPEN)) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a later run removes a dead process's temporaries by name
            }
        }
    }
}
