package io.jdlio.bench.micro;

import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.format.FileSpec;
import io.jdlio.format.NpyFormat;
import io.jdlio.format.NpzFormat;
import io.jdlio.format.SampleReader;
import io.jdlio.format.StreamFormat;
import io.jdlio.format.TfRecordFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * NPY, NPZ and TFRecord framing by jdlio's own format classes, with no storage below: {@code write} lays out
 * one file of {@code samples} records (headers, zip entries and CRC-32s, TFRecord lengths, Example fields
 * and masked CRC-32Cs) around generated content into memory; {@code read} opens that file from memory and
 * reads every sample as the loader does. The write rate less ContentGenerationBenchmark's is the framing's
 * cost. Secondary metric {@code bytes}: file bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class FormatFramingBenchmark {

    @Param({"npy", "npz", "tfrecord"})
    public String format;

    @Param({"4096", "262144", "4194304"})
    public int recordBytes;

    @Param("8")
    public int samples;

    private StreamFormat streamFormat;
    private FileSpec spec;
    private ContentStream content;
    private MemoryObject object;
    private ByteBuffer scratch;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        streamFormat = switch (format) {
            case "npy" -> new NpyFormat();
            case "npz" -> new NpzFormat();
            case "tfrecord" -> new TfRecordFormat();
            default -> throw new IllegalArgumentException("format " + format + ": expected npy, npz or tfrecord");
        };
        spec = new FileSpec(new long[] {recordBytes}, samples, ElementType.UINT8);
        content = new ContentStream(10, 3);
        object = new MemoryObject((int) (streamFormat.fileSize(spec) + 4096));
        // the writers' scratch size in generation
        scratch = ByteBuffer.allocateDirect(4 << 20);
        writeFile();
    }

    @Benchmark
    public long write(Bytes counter) throws IOException {
        return counter.add(streamFormat.fileSize(spec), writeFile());
    }

    @Benchmark
    public long read(Bytes counter) throws IOException {
        return counter.add(object.size(), readFile());
    }

    private long writeFile() throws IOException {
        streamFormat.write(spec, content, object.writer(), scratch.clear());
        return object.size();
    }

    private long readFile() throws IOException {
        long n = 0;
        try (SampleReader r = streamFormat.openReader(object.reader(), format)) {
            for (int s = 0; s < samples; s++) {
                n += r.readSample(s, scratch.clear());
            }
        }
        return n;
    }
}
