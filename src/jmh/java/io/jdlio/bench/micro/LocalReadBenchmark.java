package io.jdlio.bench.micro;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Reads of one local file by block size, sequential or random (block-aligned, uniform), through the page
 * cache, with O_DIRECT, or from a mapping, warm (the file cached) or cold (its pages dropped before every
 * iteration, so reads in an iteration go to the device until they meet a page twice). Run with -t N for N
 * threads: sequential readers each walk their own slice of the file. Two modes: Throughput, whose secondary
 * metric {@code bytes} is in bytes per microsecond, i.e. MB/s (10^6 bytes/s), summed over threads; and
 * SampleTime, the time per read with its percentiles (p50, p99, p99.9...). scripts/compare-fio runs fio over
 * the same grid and prints both side by side.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class LocalReadBenchmark {

    @Param({"seq", "rand"})
    public String pattern;

    @Param({"4096", "65536", "1048576", "16777216"})
    public int blockBytes;

    @Param({"buffered", "direct", "mmap"})
    public String access;

    @Param({"warm", "cold"})
    public String cache;

    /** The file; on the disk under test (not tmpfs, which refuses nothing but bypasses nothing either). */
    @Param("data/localio/read.bin")
    public String file;

    @Param("268435456")
    public long fileBytes;

    private Path path;
    private final AtomicInteger threads = new AtomicInteger();

    @Setup(Level.Trial)
    public void layOut() throws IOException {
        path = Path.of(file);
        if (access.equals("mmap") && fileBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("fileBytes " + fileBytes + ": mmap maps the whole file as one buffer, "
                    + "which holds under 2 GiB; give a smaller fileBytes");
        }
        LocalFile.layOut(path, fileBytes);
    }

    @Setup(Level.Iteration)
    public void setCache() throws IOException {
        threads.set(0);
        if (cache.equals("cold")) {
            LocalFile.dropCache(path);
        }
    }

    /** One reader: its channel or mapping, its buffer and where it reads next. */
    @State(Scope.Thread)
    public static class Reader {
        FileChannel channel;
        MappedByteBuffer map;
        ByteBuffer buffer;
        int block;

        BlockOffsets offsets;

        @Setup(Level.Iteration)
        public void open(LocalReadBenchmark b) throws IOException {
            close();
            int index = b.threads.getAndIncrement();
            block = b.blockBytes;
            offsets = new BlockOffsets(index, b.fileBytes, b.blockBytes, b.pattern);
            channel = LocalFile.open(b.path, b.access, false);
            buffer = LocalFile.aligned(block);
            if (b.access.equals("mmap")) {
                map = channel.map(FileChannel.MapMode.READ_ONLY, 0, b.fileBytes);
            }
        }

        @TearDown(Level.Iteration)
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            // an unreferenced mapping stays until collected, and its pages with it: collect, so cold is cold
            if (map != null) {
                map = null;
                System.gc();
            }
        }

        int read() throws IOException {
            long at = offsets.next();
            buffer.clear();
            if (map != null) {
                buffer.put(0, map, (int) at, block);
                return block;
            }
            int n = 0;
            while (buffer.hasRemaining()) {
                int r = channel.read(buffer, at + n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
            return n;
        }
    }

    @Benchmark
    public int read(Reader reader, Bytes counter) throws IOException {
        return counter.add(blockBytes, reader.read());
    }
}
