package io.jdlio.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** O_DIRECT reads and writes really pass the page cache, count what moved, and keep every byte. */
class DirectStorageTest {
    @TempDir
    Path dir;

    /** Bytes this process has had fetched from the storage layer (not served by the page cache). */
    static long readBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("read_bytes:")) {
                return Long.parseLong(line.substring("read_bytes:".length()).trim());
            }
        }
        throw new IllegalStateException("no read_bytes in /proc/self/io");
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private int align() throws IOException {
        return (int) Files.getFileStore(dir).getBlockSize();
    }

    @Test
    void readsOfACachedFileComeFromTheDeviceAndCountWholeBlocks() throws Exception {
        assumeTrue(!"tmpfs".equals(Files.getFileStore(dir).type()), "the test folder is on tmpfs");
        byte[] data = random(3 * 1048576 + 1234, 1);
        Files.write(dir.resolve("f"), data); // just written: every page is in the page cache
        long before = readBytes();
        long delivered;
        long extra;
        try (DirectStorage s = new DirectStorage(dir); ObjectReader r = s.open("f")) {
            ByteBuffer all = ByteBuffer.allocate(data.length - 128); // unaligned offset, heap buffer
            delivered = r.read(128, all);
            extra = s.takeExtraTransferred();
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 128, data.length), all.array());
        }
        long fromDevice = readBytes() - before;
        int a = align();
        long blocks = (data.length + a - 1) / a * (long) a;
        assertEquals(data.length - 128, delivered);
        assertEquals(blocks, delivered + extra, "counted: every block moved once, the last one whole");
        assertTrue(fromDevice >= blocks, fromDevice + " bytes from the device: the reads were served by the page cache");
    }

    @Test
    void unalignedPiecesReadInOrderMoveEachBlockOnce() throws Exception {
        byte[] data = random(1 << 20, 2);
        Files.write(dir.resolve("f"), data);
        try (DirectStorage s = new DirectStorage(dir); ObjectReader r = s.open("f")) {
            s.takeExtraTransferred();
            Random rnd = new Random(3);
            long at = 0;
            long delivered = 0;
            ByteBuffer b = ByteBuffer.allocateDirect(70000);
            while (at < data.length) {
                b.clear().limit(1 + rnd.nextInt(70000));
                int n = r.read(at, b);
                for (int i = 0; i < n; i++) {
                    assertEquals(data[(int) at + i], b.get(i), "byte " + (at + i));
                }
                at += n;
                delivered += n;
            }
            assertEquals(data.length, delivered + s.takeExtraTransferred());
        }
    }

    @Test
    void alignedReadsIntoAlignedBuffersMoveExactlyWhatIsAsked() throws Exception {
        int a = align();
        byte[] data = random(8 * a + 100, 4);
        Files.write(dir.resolve("f"), data);
        try (DirectStorage s = new DirectStorage(dir); ObjectReader r = s.open("f")) {
            ByteBuffer b = DirectFileReader.aligned(4 * a, a);
            assertEquals(4 * a, r.read(2L * a, b));
            assertEquals(0, s.takeExtraTransferred());
            b.clear();
            assertEquals(2 * a + 100, r.read(6L * a, b)); // to the end: the last block moves whole
            assertEquals(a - 100, s.takeExtraTransferred());
            byte[] got = new byte[2 * a + 100];
            b.flip().get(got);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 6 * a, data.length), got);
        }
    }

    @Test
    void aDiscardedPayloadMovesWholeBlocksStraightIntoTheScratchBuffer() throws Exception {
        int a = align();
        byte[] data = random(10 * a + 300, 5);
        Files.write(dir.resolve("f"), data);
        try (DirectStorage s = new DirectStorage(dir); ObjectReader r = s.open("f")) {
            s.takeExtraTransferred();
            ByteBuffer header = ByteBuffer.allocate(100);
            assertEquals(100, r.read(0, header)); // the header's block stays in the window
            ByteBuffer scratch = DirectFileReader.aligned(3 * a, a);
            assertEquals(data.length - 100, r.discard(100, data.length - 100, scratch));
            // blocks 0..10, each moved once, the last one whole
            assertEquals(11L * a, 100 + (data.length - 100) + s.takeExtraTransferred());
            assertEquals(-1, r.discard(0, 10, ByteBuffer.allocate(3 * a)), "a heap buffer takes the copying path");
            assertEquals(200, r.discard(data.length - 200, 1000, scratch), "short at the end of the file");
        }
    }

    @Test
    void writesAreByteIdenticalAndLeaveNothingInThePageCache() throws Exception {
        assumeTrue(!"tmpfs".equals(Files.getFileStore(dir).type()), "the test folder is on tmpfs");
        for (int size : new int[] {0, 1, 4095, 4096, 1 << 20, 3 * (1 << 20) + 777}) {
            byte[] data = random(size, size);
            try (DirectStorage s = new DirectStorage(dir); ObjectWriter w = s.create("sub/f" + size)) {
                assertFalse(w.canWriteAt(4096), "O_DIRECT files are written in one pass");
                Random rnd = new Random(size);
                int at = 0;
                while (at < size) {
                    int n = Math.min(size - at, 1 + rnd.nextInt(300000));
                    w.write(ByteBuffer.wrap(data, at, n));
                    at += n;
                    assertEquals(at, w.position());
                }
                w.commit(false);
            }
            Path f = dir.resolve("sub/f" + size);
            if (size >= 1 << 20) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                    // mincore: a buffered write leaves the file's pages cached, O_DIRECT does not
                    assertFalse(m.isLoaded(), size + " bytes written through the page cache");
                }
            }
            assertArrayEquals(data, Files.readAllBytes(f), size + " bytes");
        }
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(6, files.count(), "no temporary file left");
        }
    }

    @Test
    void aFileSystemThatKeepsFilesInMemoryIsRefusedWithOneClearError() throws Exception {
        Path shm = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(shm) && "tmpfs".equals(Files.getFileStore(shm).type()), "no tmpfs at /dev/shm");
        Path d = Files.createTempDirectory(shm, "jdlio-odirect-");
        try {
            Files.write(d.resolve("f"), new byte[8192]);
            try (DirectStorage s = new DirectStorage(d)) {
                IOException read = assertThrows(DirectIoRefusedException.class, () -> s.open("f"));
                assertTrue(read.getMessage().contains("tmpfs") && read.getMessage().contains("reader.odirect"),
                        read.getMessage());
                assertThrows(DirectIoRefusedException.class, () -> s.create("g"));
            }
            // checkpoint loads then drop the cache or say their figures may be cached, never claim O_DIRECT
            assertTrue(new LocalStorage(d).openUncached("f").isEmpty(), "O_DIRECT claimed on tmpfs");
        } finally {
            try (var files = Files.list(d)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(d);
        }
    }

    @Test
    void theSchemeIsStrippedFromRootAndPaths() throws Exception {
        Files.write(dir.resolve("f"), new byte[] {7});
        try (DirectStorage s = new DirectStorage(dir)) {
            assertEquals(1, s.size(DirectStorage.SCHEME + dir.resolve("f")).getAsLong());
            assertTrue(DirectStorage.named("direct:///data"));
            assertEquals("/data", DirectStorage.strip("direct:///data"));
            assertTrue(s.localPath("f").isEmpty(), "no local path: a mapping would read through the cache");
        }
    }
}
