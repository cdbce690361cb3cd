package io.jdlio.bench.micro;

import io.jdlio.config.Compression;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.format.FileSpec;
import io.jdlio.format.FileTarget;
import io.jdlio.format.Hdf5Format;
import io.jdlio.format.SampleReader;
import io.jdlio.storage.LocalStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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
 * HDF5 by jdlio's Hdf5Format (jhdf): {@code write} builds one file of 8 samples chunked one sample per chunk,
 * with no filter, gzip (level 4) or lzf, and {@code read} opens it and reads every sample through the chunk
 * index as the loader does. The file lives in /dev/shm (the temp folder without it), so the figures are the
 * library's and the codec's, not a disk's. Secondary metric {@code bytes}: payload bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class Hdf5ChunkBenchmark {
    private static final int SAMPLES = 8;

    @Param({"none", "gzip", "lzf"})
    public String compression;

    @Param({"65536", "1048576"})
    public int recordBytes;

    private Path folder;
    private LocalStorage storage;
    private Hdf5Format format;
    private FileSpec spec;
    private FileTarget target;
    private ContentStream content;
    private ByteBuffer scratch;
    private long payload;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        Path shm = Path.of("/dev/shm");
        folder = Files.isWritable(shm) ? Files.createTempDirectory(shm, "jdlio-hdf5") : Files.createTempDirectory("jdlio-hdf5");
        storage = new LocalStorage(folder);
        format = new Hdf5Format(1, false, List.of(1, recordBytes), List.of(),
                Compression.valueOf(compression.toUpperCase(Locale.ROOT)), 4);
        spec = new FileSpec(new long[] {recordBytes}, SAMPLES, ElementType.UINT8);
        target = new FileTarget("data", "train", "train/bench.hdf5");
        storage.makeFolder("data/train");
        content = new ContentStream(10, 3);
        scratch = ByteBuffer.allocateDirect(4 << 20);
        payload = spec.payloadBytes();
        writeFile();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        storage.deleteFolder("data");
        Files.deleteIfExists(folder);
    }

    @Benchmark
    public FileTarget write(Bytes counter) throws IOException {
        return counter.add(payload, writeFile());
    }

    @Benchmark
    public long read(Bytes counter) throws IOException {
        return counter.add(payload, readFile());
    }

    private FileTarget writeFile() throws IOException {
        format.write(spec, content, storage, target, scratch.clear());
        return target;
    }

    private long readFile() throws IOException {
        long n = 0;
        try (SampleReader r = format.openReader(storage, target)) {
            for (int s = 0; s < SAMPLES; s++) {
                n += r.readSample(s, scratch.clear());
            }
        }
        return n;
    }
}
