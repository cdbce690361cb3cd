package io.jdlio.bench.micro;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.jdlio.data.ContentStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Overwrites of one laid-out local file by block size, sequential or random (block-aligned, uniform),
 * through the page cache, with O_DIRECT, or into a mapping, with an fsync policy: none (the page cache
 * absorbs the writes until the kernel flushes them), every write (fdatasync, or msync of the block), or
 * after every 64 MiB a thread writes (fio's fsync=N in bytes). The block is generated once: generation's
 * own cost is ContentGenerationBenchmark's. Run with -t N for N threads. Two modes, as LocalReadBenchmark:
 * Throughput with {@code bytes} in bytes per microsecond (MB/s), and SampleTime with percentiles.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class LocalWriteBenchmark {
    private static final long PERIOD = 64L << 20;

    @Param({"seq", "rand"})
    public String pattern;

    @Param({"4096", "65536", "1048576", "16777216"})
    public int blockBytes;

    @Param({"buffered", "direct", "mmap"})
    public String access;

    @Param({"none", "every", "64m"})
    public String fsync;

    @Param("data/localio/write.bin")
    public String file;

    @Param("268435456")
    public long fileBytes;

    private Path path;
    private final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void layOut() throws IOException {
        if (!fsync.equals("none") && !fsync.equals("every") && !fsync.equals("64m")) {
            throw new IllegalArgumentException("fsync " + fsync + ": expected none, every or 64m");
        }
        path = Path.of(file);
        if (access.equals("mmap") && fileBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fileBytes " + fileBytes + ": mmap maps the whole file as one buffer, "
                    + "which holds under 2 GiB; give a smaller fileBytes");
        }
        LocalFile.layOut(path, fileBytes);
    }

    @Setup(Level.Iteration)
    public void resetThreads() {
        threads.set(0);
    }

    /** One writer: its channel or mapping, its block and where it writes next. */
    @State(Scope.Thread)
    public static class Writer {
        FileChannel channel;
        MappedByteBuffer map;
        ByteBuffer block;
        long sinceSync;
        String fsync;
        int size;

        BlockOffsets offsets;

        @Setup(Level.Iteration)
        public void open(LocalWriteBenchmark b) throws IOException {
            close();
            int index = b.threads.getAndIncrement();
            fsync = b.fsync;
            size = b.blockBytes;
            offsets = new BlockOffsets(index, b.fileBytes, b.blockBytes, b.pattern);
            channel = LocalFile.open(b.path, b.access, true);
            block = LocalFile.aligned(size);
            new ContentStream(10, index).fill(block, 0);
            block.flip();
            if (b.access.equals("mmap")) {
                map = channel.map(FileChannel.MapMode.READ_WRITE, 0, b.fileBytes);
            }
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            if (map != null) {
                map.force();
                map = null;
            }
            if (channel != null) {
                channel.close();
                channel = null;
            }
        }

        int write() throws IOException {
            long at = offsets.next();
            if (map != null) {
                map.put((int) at, block, 0, size);
            } else {
                block.clear();
                int n = 0;
                while (block.hasRemaining()) {
                    n += channel.write(block, at + n);
                }
            }
            sinceSync += size;
            if (fsync.equals("every") || fsync.equals("64m") && sinceSync >= PERIOD) {
                sync(at);
                sinceSync = 0;
            }
            return size;
        }

        private void sync(long at) throws IOException {
            if (map != null) {
                if (fsync.equals("every")) {
                    map.force((int) at, size);
                } else {
                    map.force();
                }
            } else {
                channel.force(false);
            }
        }
    }

    @Benchmark
    public int write(Writer writer, Bytes counter) throws IOException {
        return counter.add(blockBytes, writer.write());
    }
}
