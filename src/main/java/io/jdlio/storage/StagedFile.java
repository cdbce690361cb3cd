package io.jdlio.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A new file written under a temporary dot-name beside its target and renamed into place when whole, so an
 * interrupted run never leaves a file that looks finished. The temporary is known to
 * {@link PendingTemporaries} from before it exists until it is published or discarded, so a JVM stopped by a
 * signal removes it. Buffered and O_DIRECT file writers share this; they differ only in how they write.
 */
final class StagedFile {
    private static final AtomicLong TEMP_IDS = new AtomicLong();

    /** Opens the temporary's channel (plainly, or with O_DIRECT). */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path temp) throws IOException;
    }

    final FileChannel channel;
    private final Path temp;
    private final Path target;
    private boolean done;

    private StagedFile(FileChannel channel, Path temp, Path target) {
        this.channel = channel;
        this.temp = temp;
        this.target = target;
    }

    /** A temporary beside {@code target} (whose folder exists), opened by {@code opener}. */
    static StagedFile create(Path target, Opener opener) throws IOException {
        // a dot-name in the same folder: rename stays atomic, and listings by extension skip it
        Path temp = target.resolveSibling(TemporaryNames.of(target.getFileName().toString(),
                ProcessHandle.current().pid(), TEMP_IDS.incrementAndGet()));
        PendingTemporaries.register(temp);
        try {
            return new StagedFile(opener.open(temp), temp, target);
        } catch (IOException | RuntimeException e) {
            PendingTemporaries.release(temp);
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    Path target() {
        return target;
    }

    /** Closes the channel (after an fsync when {@code durable}) and renames the temporary into place. */
    void publish(boolean durable) throws IOException {
        if (durable) {
            channel.force(true);
        }
        channel.close();
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        done = true;
        PendingTemporaries.release(temp);
    }

    /** Closes and deletes the temporary, unless it was published or discarded already. */
    void discard() throws IOException {
        if (!done) {
            done = true;
            try {
                channel.close();
                Files.deleteIfExists(temp);
            } finally {
                PendingTemporaries.release(temp);
            }
        }
    }
}
