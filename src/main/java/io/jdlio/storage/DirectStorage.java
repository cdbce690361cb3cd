package io.jdlio.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Local files read and written with O_DIRECT, past this host's page cache ({@code direct://} paths, or DLIO's
 * {@code reader.odirect}). Data objects move in whole blocks of the file system through aligned direct
 * buffers; folders, listings, locks and jdlio's own records are those of {@link LocalStorage}. Offers no local
 * path: whatever maps or opens the file itself would read through the cache. A file system that cannot
 * bypass the cache (tmpfs keeps files in memory; others refuse O_DIRECT) is an error, never a cached run.
 */
public final class DirectStorage implements Storage {
    /** The scheme that asks for this backend, in storage_root or data_folder. */
    public static final String SCHEME = "direct://";

    /** Direct memory each reading thread holds for unaligned reads. */
    public static final int BOUNCE_BYTES = DirectFileReader.BOUNCE_BYTES;

    /** File systems whose files are the page cache: O_DIRECT there reads memory (tmpfs accepts it since 6.6). */
    private static final Set<String> IN_MEMORY = Set.of("tmpfs", "ramfs", "devtmpfs", "hugetlbfs");

    private final LocalStorage local;
    private final Map<Path, Integer> alignByFolder = new ConcurrentHashMap<>();

    public DirectStorage(Path root) {
        this.local = new LocalStorage(root);
    }

    /** Whether {@code file}'s file system keeps files in memory, where O_DIRECT opens succeed but read the cache. */
    static boolean inMemory(Path file) throws IOException {
        return IN_MEMORY.contains(Files.getFileStore(file).type());
    }

    /** Whether a storage_root or data_folder asks for O_DIRECT by its scheme. */
    public static boolean named(String location) {
        return location != null && location.startsWith(SCHEME);
    }

    /** The path without the scheme: {@code direct:///data} is {@code /data}, {@code direct://data} is {@code data}. */
    public static String strip(String location) {
        return named(location) ? location.substring(SCHEME.length()) : location;
    }

    /**
     * Checks up front that {@code folder} (or its nearest existing parent) is on a file system that O_DIRECT
     * bypasses the cache of; throws {@link DirectIoRefusedException} saying what to do when not.
     */
    public void requireBypass(String folder) throws IOException {
        alignment(resolve(folder));
    }

    private Path resolve(String path) {
        return local.resolve(strip(path));
    }

    /**
     * The block size O_DIRECT needs in {@code folder}'s file system (its nearest existing folder), checked once
     * per folder; fails when that file system cannot bypass the page cache.
     */
    int alignment(Path folder) throws IOException {
        Path dir = folder.toAbsolutePath().normalize();
        Integer known = alignByFolder.get(dir);
        if (known != null) {
            return known;
        }
        Path p = dir;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            throw new NoSuchFileException(dir.toString());
        }
        FileStore store = Files.getFileStore(p);
        if (IN_MEMORY.contains(store.type())) {
            throw new DirectIoRefusedException(p + " is on " + store.type() + ", which keeps files in memory: "
                    + "O_DIRECT cannot bypass the page cache there; put the dataset on a disk file system, or drop "
                    + "reader.odirect and the direct:// scheme");
        }
        int align = (int) Math.max(512, store.getBlockSize());
        alignByFolder.put(dir, align);
        return align;
    }

    private FileChannel openDirect(Path file, StandardOpenOption... options) throws IOException {
        java.nio.file.OpenOption[] all = java.util.Arrays.copyOf(options, options.length + 1,
                java.nio.file.OpenOption[].class);
        all[options.length] = com.sun.nio.file.ExtendedOpenOption.DIRECT;
        try {
            return FileChannel.open(file, all);
        } catch (UnsupportedOperationException e) {
            throw refused(file, e);
        } catch (IOException e) {
            if (e instanceof NoSuchFileException || e instanceof java.nio.file.FileAlreadyExistsException
                    || e instanceof java.nio.file.AccessDeniedException) {
                throw e;
            }
            // EINVAL: the file system has no direct I/O
            throw refused(file, e);
        }
    }

    private static DirectIoRefusedException refused(Path file, Exception e) {
        return new DirectIoRefusedException(file + ": the file system refuses O_DIRECT (" + e.getMessage()
                + "); put the dataset on one that supports it (ext4, xfs), or drop reader.odirect and the direct:// "
                + "scheme");
    }

    @Override
    public ObjectReader open(String path) throws IOException {
        Path file = resolve(path);
        int align = alignment(file.getParent() == null ? file : file.getParent());
        return new DirectFileReader(openDirect(file, StandardOpenOption.READ), align);
    }

    @Override
    public Optional<ObjectReader> openUncached(String path) throws IOException {
        return Optional.of(open(path));
    }

    @Override
    public ObjectWriter create(String path) throws IOException {
        Path target = resolve(path);
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        int align = alignment(parent);
        StagedFile file = StagedFile.create(target,
                temp -> openDirect(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE));
        return new DirectFileWriter(file, align);
    }

    @Override
    public boolean bypassesCache() {
        return true;
    }

    /** Bytes this thread's reads moved beyond those they delivered: O_DIRECT transfers whole blocks. */
    @Override
    public long takeExtraTransferred() {
        return DirectFileReader.takeExtraTransferred();
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        return local.size(strip(path));
    }

    @Override
    public void deleteFolder(String prefix) throws IOException {
        local.deleteFolder(strip(prefix));
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        return local.list(strip(prefix));
    }

    @Override
    public void delete(String path) throws IOException {
        local.delete(strip(path));
    }

    @Override
    public void makeFolder(String path) throws IOException {
        local.makeFolder(strip(path));
    }

    @Override
    public FolderLock lock(String folder, boolean exclusive, String purpose) throws IOException {
        return local.lock(strip(folder), exclusive, purpose);
    }

    @Override
    public void append(String path, byte[] bytes) throws IOException {
        local.append(strip(path), bytes);
    }

    @Override
    public OptionalLong usableSpace(String path) throws IOException {
        return local.usableSpace(strip(path));
    }

    @Override
    public List<String> removeLeftovers(String folder, int depth) throws IOException {
        return local.removeLeftovers(strip(folder), depth);
    }

    @Override
    public StorageTraits traits() {
        return StorageTraits.DIRECT_FILES;
    }

    @Override
    public List<String> walk(String folder) throws IOException {
        return local.walk(strip(folder));
    }

    @Override
    public void removeEmptyFolders(List<String> folders) throws IOException {
        local.removeEmptyFolders(folders.stream().map(DirectStorage::strip).toList());
    }

    @Override
    public boolean isFolder(String path) {
        return local.isFolder(strip(path));
    }

    @Override
    public String describe(String path) {
        return resolve(path).toAbsolutePath().normalize().toString();
    }

    @Override
    public void close() {
        local.close();
    }
}
