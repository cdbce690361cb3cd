package io.jdlio.bench.micro;

import com.sun.nio.file.ExtendedOpenOption;
import io.jdlio.data.ContentStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The file the local I/O benchmarks read and overwrite, and the ways they open it. */
public final class LocalFile {
    /** O_DIRECT's alignment for buffers, offsets and sizes: a page, which every local file system accepts. */
    static final int ALIGN = 4096;

    private LocalFile() {
    }

    /** Lays out {@code bytes} of generated content at {@code file} unless it is already that size. */
    static void layOut(Path file, long bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (Files.exists(file) && Files.size(file) == bytes) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocateDirect(4 << 20);
        ContentStream content = new ContentStream(10, 3);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long at = 0; at < bytes; at += b.capacity()) {
                b.clear().limit((int) Math.min(b.capacity(), bytes - at));
                content.fill(b, at);
                b.flip();
                while (b.hasRemaining()) {
                    ch.write(b);
                }
            }
            ch.force(true);
        }
    }

    /** Opens {@code file} buffered, or with O_DIRECT for access "direct" (mmap maps a buffered channel). */
    static FileChannel open(Path file, String access, boolean write) throws IOException {
        List<OpenOption> options = new ArrayList<>(List.of(StandardOpenOption.READ));
        if (write) {
            options.add(StandardOpenOption.WRITE);
        }
        switch (access) {
            case "direct" -> options.add(ExtendedOpenOption.DIRECT);
            case "buffered", "mmap" -> { }
            default -> throw new IllegalArgumentException("access " + access + ": expected buffered, direct or mmap");
        }
        return FileChannel.open(file, options.toArray(new OpenOption[0]));
    }

    /** A direct buffer of {@code bytes} aligned for O_DIRECT. */
    static ByteBuffer aligned(int bytes) {
        return ByteBuffer.allocateDirect(bytes + ALIGN).alignedSlice(ALIGN).limit(bytes).slice();
    }

    /**
     * Drops {@code file}'s clean pages from the page cache: GNU dd with iflag=nocache and count=0 calls
     * posix_fadvise(DONTNEED) on the whole file, which needs no root (unlike /proc/sys/vm/drop_caches). Pages
     * still mapped by a live mapping stay.
     */
    public static void dropCache(Path file) throws IOException {
        try {
            Process p = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("dd iflag=nocache on " + file + " failed: " + out.strip()
                        + "; the cold-cache cases need GNU dd (coreutils)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while dropping " + file + " from the page cache", e);
        }
    }
}
