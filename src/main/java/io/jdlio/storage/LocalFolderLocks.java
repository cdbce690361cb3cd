package io.jdlio.storage;

import io.jdlio.metrics.HostInfo;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Folder locks on local files: an OS file lock ({@code fcntl}, so NFS with lockd too) on
 * {@code <folder>/.jdlio-lock}, released by the kernel when the process dies, plus one holder file per process,
 * {@code .jdlio-lock.<host>.<pid>}, saying who holds it and since when, for the message a conflicting run gets.
 * An exclusive holder removes the lock file when it lets go, so a folder jdlio wrote last keeps no trace of it.
 * The JVM allows one lock per file per process, so holds within this process are counted here: shared holds
 * share the one OS lock, and an exclusive one conflicts with any other hold of the same process.
 */
final class LocalFolderLocks {
    static final String LOCK = ".jdlio-lock";
    private static final Map<Path, Held> HELD = new HashMap<>();

    private LocalFolderLocks() {
    }

    private static final class Held {
        final FileChannel channel;
        final FileLock lock;
        final boolean exclusive;
        final String purpose;
        final Path holder;
        int count = 1;

        Held(FileChannel channel, FileLock lock, boolean exclusive, String purpose, Path holder) {
            this.channel = channel;
            this.lock = lock;
            this.exclusive = exclusive;
            this.purpose = purpose;
            this.holder = holder;
        }
    }

    static FolderLock acquire(Path folder, boolean exclusive, String purpose) throws IOException {
        Path file = folder.resolve(LOCK).toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(file);
            if (held != null) {
                if (exclusive || held.exclusive) {
                    throw new FolderInUseException(folder + " is in use by this process (" + held.purpose + ")");
                }
                held.count++;
                return handle(file);
            }
            FileChannel channel;
            FileLock lock;
            for (int attempt = 0; ; attempt++) {
                channel = open(file, exclusive);
                if (channel == null) {
                    return FolderLock.NONE;
                }
                try {
                    lock = channel.tryLock(0, Long.MAX_VALUE, !exclusive);
                } catch (IOException e) {
                    channel.close();
                    if (lockingUnsupported(e)) {
                        // a file system without locks (NFS without lockd) runs unguarded, as before locks existed
                        return FolderLock.NONE;
                    }
                    throw e;
                } catch (RuntimeException e) {
                    channel.close();
                    throw e;
                }
                if (lock == null) {
                    channel.close();
                    throw new FolderInUseException(folder + " is in use by another jdlio run (" + holders(folder)
                            + ")");
                }
                // an exclusive holder unlinks the file as it lets go: a lock on an unlinked file holds nothing
                if (Files.exists(file) || attempt == 3) {
                    break;
                }
                lock.release();
                channel.close();
            }
            removeDeadHolders(folder);
            Path holder = writeHolder(folder, purpose);
            HELD.put(file, new Held(channel, lock, exclusive, purpose, holder));
            return handle(file);
        }
    }

    /**
     * Opens the lock file. A reader of a folder it may not write (a read-only dataset) locks an existing lock
     * file read-only, or holds nothing when there is none: nobody of its user can rewrite that folder anyway.
     */
    private static FileChannel open(Path file, boolean exclusive) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            // no folder, nothing in it to read: the reader's own error will say so
            if (exclusive) {
                throw e;
            }
            return null;
        } catch (AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
            if (exclusive) {
                throw e;
            }
        } catch (FileSystemException e) {
            if (exclusive || e.getMessage() == null || !e.getMessage().contains("Read-only file system")) {
                throw e;
            }
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException | AccessDeniedException e) {
            return null;
        }
    }

    private static boolean lockingUnsupported(IOException e) {
        String m = String.valueOf(e.getMessage());
        return m.contains("No locks available") || m.contains("Function not implemented")
                || m.contains("Operation not supported");
    }

    /** Closing twice releases once. */
    private static FolderLock handle(Path file) {
        java.util.concurrent.atomic.AtomicBoolean open = new java.util.concurrent.atomic.AtomicBoolean(true);
        return () -> {
            if (open.getAndSet(false)) {
                release(file);
            }
        };
    }

    private static void release(Path file) throws IOException {
        synchronized (HELD) {
            Held held = HELD.get(file);
            if (held == null || --held.count > 0) {
                return;
            }
            HELD.remove(file);
            try {
                if (held.holder != null) {
                    Files.deleteIfExists(held.holder);
                }
                // unlinked while still held, so a run that opens it now fails rather than holding a dead file;
                // shared holders leave it to the others still reading
                if (held.exclusive) {
                    Files.deleteIfExists(file);
                }
            } finally {
                held.lock.release();
                held.channel.close();
            }
        }
    }

    private static String holderPrefix() {
        return LOCK + ".";
    }

    private static String host() {
        return HostInfo.hostname().replaceAll("[^A-Za-z0-9.-]", "_");
    }

    /** Writes who holds the folder; a folder this process cannot write gets no holder file. */
    private static Path writeHolder(Path folder, String purpose) {
        long pid = ProcessHandle.current().pid();
        Path holder = folder.resolve(holderPrefix() + host() + "." + pid);
        String text = "host=" + HostInfo.hostname() + "\npid=" + pid + "\nsince=" + Instant.now() + "\npurpose="
                + purpose + "\n";
        try {
            Files.writeString(holder, text, StandardCharsets.UTF_8);
            return holder;
        } catch (IOException e) {
            return null;
        }
    }

    /** Holder files of processes of this host that are gone: they died holding the lock, which the OS released. */
    private static void removeDeadHolders(Path folder) {
        String prefix = holderPrefix() + host() + ".";
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, prefix + "*")) {
            for (Path p : ds) {
                String pid = p.getFileName().toString().substring(prefix.length());
                if (pid.matches("\\d+") && !ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive)
                        .orElse(false)) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            // a stale holder file only makes a later conflict message list one holder too many
        }
    }

    /** "training on host h, PID 12, since 2026-..." for each live holder, for a conflicting run's message. */
    static String holders(Path folder) {
        List<String> out = new ArrayList<>();
        String here = host();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, holderPrefix() + "*")) {
            for (Path p : ds) {
                Properties h = new Properties();
                try {
                    h.load(new java.io.StringReader(Files.readString(p, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    continue;
                }
                String pid = h.getProperty("pid", "?");
                boolean local = p.getFileName().toString().startsWith(holderPrefix() + here + ".");
                if (local && pid.matches("\\d+") && !ProcessHandle.of(Long.parseLong(pid))
                        .map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                out.add(h.getProperty("purpose", "a run") + " on host " + h.getProperty("host", "?") + ", PID " + pid
                        + ", since " + h.getProperty("since", "?"));
            }
        } catch (IOException e) {
            // falls through to the anonymous holder
        }
        if (out.isEmpty()) {
            return "a process that left no holder record in " + folder;
        }
        out.sort(null);
        return String.join("; ", out.size() > 3 ? out.subList(0, 3) : out)
                + (out.size() > 3 ? "; and " + (out.size() - 3) + " more" : "");
    }
}
