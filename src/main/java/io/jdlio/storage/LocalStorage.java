package io.jdlio.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Local files (DLIO's {@code local_fs}) below a root directory. A path that is absolute, or a
 * {@code file://} URI, ignores the root, as DLIO's {@code os.path.join(storage_root, path)} does.
 */
public final class LocalStorage implements Storage {

    private final Path root;
    /** The normalized root as the start of a path string: "" or ending in '/'. */
    private final String rootPrefix;
    private final AtomicLong fsyncs = new AtomicLong();

    public LocalStorage(Path root) {
        this.root = root;
        String r = root.normalize().toString();
        this.rootPrefix = r.isEmpty() || r.endsWith("/") ? r : r + "/";
    }

    public Path root() {
        return root;
    }

    /** How many files this storage has fsynced; lets tests observe durability. */
    public long fsyncCount() {
        return fsyncs.get();
    }

    public Path resolve(String path) {
        String p = path.startsWith("file://") ? path.substring("file://".length()) : path;
        return root.resolve(p).normalize();
    }

    @Override
    public ObjectWriter create(String path) throws IOException {
        Path target = resolve(path);
        Path parent = target.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        StagedFile file = StagedFile.create(target,
                temp -> FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        return new FileWriter(file);
    }

    @Override
    public ObjectReader open(String path) throws IOException {
        FileChannel ch = FileChannel.open(resolve(path), StandardOpenOption.READ);
        return new FileReader(ch);
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        try {
            return OptionalLong.of(Files.size(resolve(path)));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        Path dir = resolve(prefix);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public void delete(String path) throws IOException {
        Files.deleteIfExists(resolve(path));
    }

    @Override
    public void deleteFolder(String prefix) throws IOException {
        Path dir = resolve(prefix);
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Override
    public java.util.Optional<Path> localPath(String path) {
        return java.util.Optional.of(resolve(path));
    }

    @Override
    public java.util.Optional<ObjectReader> openUncached(String path) throws IOException {
        Path p = resolve(path);
        if (Files.exists(p) && DirectStorage.inMemory(p)) {
            return java.util.Optional.empty(); // tmpfs takes O_DIRECT opens and still reads memory
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(p, StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException | IOException e) {
            if (!Files.exists(p)) {
                throw new NoSuchFileException(p.toString());
            }
            // tmpfs and some network file systems refuse O_DIRECT
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new DirectFileReader(ch, (int) Files.getFileStore(p).getBlockSize()));
    }

    /**
     * Writes 1 to /proc/sys/vm/drop_caches after a sync: clean page-cache pages of every file go. Needs root;
     * without it the caller marks its reads as possibly cached.
     */
    @Override
    public boolean evictCache() {
        try {
            new ProcessBuilder("sync").start().waitFor();
            Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "1");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void makeFolder(String path) throws IOException {
        try {
            Files.createDirectories(resolve(path));
        } catch (FileAlreadyExistsException e) {
            throw new IOException(resolve(path) + " exists and is not a directory", e);
        }
    }

    @Override
    public FolderLock lock(String folder, boolean exclusive, String purpose) throws IOException {
        return LocalFolderLocks.acquire(resolve(folder), exclusive, purpose);
    }

    @Override
    public void append(String path, byte[] bytes) throws IOException {
        // one write with O_APPEND: lines from concurrent writers do not interleave
        try (FileChannel ch = FileChannel.open(resolve(path), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    @Override
    public OptionalLong usableSpace(String path) throws IOException {
        Path p = resolve(path).toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? OptionalLong.empty() : OptionalLong.of(Files.getFileStore(p).getUsableSpace());
    }

    @Override
    public List<String> removeLeftovers(String folder, int depth) throws IOException {
        Path dir = resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> removed = new ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.walk(dir, depth)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (TemporaryNames.isLeftover(p.getFileName().toString()) && Files.isRegularFile(p)) {
                    try {
                        Files.delete(p);
                        removed.add(p.toString());
                    } catch (IOException e) {
                        // one we may not delete (a read-only folder) stays; it harms nothing but space
                    }
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return removed;
    }

    @Override
    public StorageTraits traits() {
        return StorageTraits.FILES;
    }

    @Override
    public List<String> walk(String folder) throws IOException {
        Path dir = resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    out.add(dir.relativize(p).toString().replace('\\', '/'));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return out;
    }

    @Override
    public void removeEmptyFolders(List<String> folders) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (String f : folders) {
            paths.add(resolve(f));
        }
        paths.sort(java.util.Comparator.comparingInt(Path::getNameCount).reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
        for (Path p : paths) {
            try {
                Files.deleteIfExists(p);
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // holds something jdlio did not write: it stays, and so does the folder
            }
        }
    }

    @Override
    public boolean isFolder(String path) {
        return Files.isDirectory(resolve(path));
    }

    @Override
    public String describe(String path) {
        // every sample's reader is opened with its file's name, so the common case skips parsing a Path
        return plain(path) ? rootPrefix + path : resolve(path).toString();
    }

    /** A relative path with no empty, "." or ".." names, which resolving against the root and normalizing keep. */
    static boolean plain(String path) {
        if (path.isEmpty() || path.charAt(0) == '/' || path.startsWith("file://")) {
            return false;
        }
        int start = 0;
        for (int i = 0; i <= path.length(); i++) {
            if (i == path.length() || path.charAt(i) == '/') {
                int length = i - start;
                if (length == 0 || path.charAt(start) == '.' && (length == 1
                        || length == 2 && path.charAt(start + 1) == '.')) {
                    return false;
                }
                start = i + 1;
            }
        }
        return true;
    }

    @Override
    public void close() {
    }

    private final class FileWriter implements ObjectWriter {
        private final StagedFile file;
        private final FileChannel ch;
        private long position;

        FileWriter(StagedFile file) {
            this.file = file;
            this.ch = file.channel;
        }

        @Override
        public void write(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) {
                position += ch.write(src);
            }
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public boolean canWriteAt(long objectBytes) {
            return true;
        }

        @Override
        public void writeAt(long offset, ByteBuffer src) throws IOException {
            long at = offset;
            while (src.hasRemaining()) {
                at += ch.write(src, at);
            }
        }

        @Override
        public void commit(boolean durable) throws IOException {
            file.publish(durable);
            if (durable) {
                fsyncs.incrementAndGet();
            }
        }

        @Override
        public void abort() throws IOException {
            file.discard();
        }

        @Override
        public void close() throws IOException {
            abort();
        }
    }

    private static final class FileReader implements ObjectReader {
        private final FileChannel ch;
        private final long size;

        FileReader(FileChannel ch) throws IOException {
            this.ch = ch;
            this.size = ch.size();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public int read(long offset, ByteBuffer dst) throws IOException {
            int total = 0;
            long at = offset;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, at);
                if (n < 0) {
                    break;
                }
                total += n;
                at += n;
            }
            return total;
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
