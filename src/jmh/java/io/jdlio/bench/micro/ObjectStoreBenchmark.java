package io.jdlio.bench.micro;

import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.S3Settings;
import io.jdlio.storage.S3Storage;
import io.jdlio.storage.Scheme;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * PUT and GET against the S3 store the params name, by object size, through jdlio's S3 backend and through a
 * plain CRT client doing the same requests in the same JVM (the ratio is jdlio's overhead). Sample-time mode
 * gives p50, p99 and p99.9 per request; {@code firstByte} is a one-byte ranged GET, the time to first byte
 * with no transfer behind it. Concurrency is JMH's {@code -t}. Needs {@code -p endpoint=http://host:port}
 * and a bucket the keys can write ({@code -p bucket=}); credentials from AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY (any for S3Mock). Throughput in bytes: ops/s x objectBytes.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class ObjectStoreBenchmark {
    private static final int OBJECTS = 16;

    @Param("")
    public String endpoint;

    @Param("jdlio-bench")
    public String bucket;

    @Param({"4096", "1048576", "67108864"})
    public int objectBytes;

    private S3Storage storage;
    private S3AsyncClient plain;
    private final AtomicLong puts = new AtomicLong();

    @State(Scope.Thread)
    public static class Buffers {
        ByteBuffer data;

        @Setup(Level.Trial)
        public void setUp(ObjectStoreBenchmark b) {
            data = ByteBuffer.allocate(b.objectBytes);
            ThreadLocalRandom.current().nextBytes(data.array());
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("ObjectStoreBenchmark: give the store as -p endpoint=http://host:port");
        }
        String key = System.getenv().getOrDefault("AWS_ACCESS_KEY_ID", "bench");
        String secret = System.getenv().getOrDefault("AWS_SECRET_ACCESS_KEY", "bench");
        S3Settings s = new S3Settings(URI.create(endpoint), "us-east-1", true, key, secret, 3, 8L << 20, 8L << 20,
                64, 8 << 20);
        storage = new S3Storage(Scheme.S3, s, bucket);
        plain = PlainS3.client(endpoint, bucket);
        ByteBuffer data = ByteBuffer.allocate(objectBytes);
        for (int i = 0; i < OBJECTS; i++) {
            try (ObjectWriter w = storage.create(name(i))) {
                w.write(data.duplicate());
                w.commit(false);
            }
        }
    }

    private String name(int i) {
        return "bench/" + objectBytes + "/" + i;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        storage.deleteFolder("bench/" + objectBytes);
        storage.close();
        plain.close();
    }

    @Benchmark
    public long get(Buffers b) throws Exception {
        b.data.clear();
        try (ObjectReader r = storage.open(name(ThreadLocalRandom.current().nextInt(OBJECTS)), objectBytes)) {
            return r.read(0, b.data);
        }
    }

    @Benchmark
    public long getPlainCrt() {
        String k = name(ThreadLocalRandom.current().nextInt(OBJECTS));
        return plain.getObject(g -> g.bucket(bucket).key(k), AsyncResponseTransformer.toBytes()).join()
                .asByteBuffer().remaining();
    }

    @Benchmark
    public long firstByte() {
        String k = name(ThreadLocalRandom.current().nextInt(OBJECTS));
        return plain.getObject(g -> g.bucket(bucket).key(k).range("bytes=0-0"), AsyncResponseTransformer.toBytes())
                .join().asByteBuffer().remaining();
    }

    @Benchmark
    public long put(Buffers b) throws Exception {
        try (ObjectWriter w = storage.create("bench/" + objectBytes + "/put-" + puts.incrementAndGet() % OBJECTS)) {
            w.write(b.data.duplicate().clear());
            w.commit(false);
            return w.position();
        }
    }

    @Benchmark
    public Object putPlainCrt(Buffers b) {
        String k = "bench/" + objectBytes + "/plain-" + puts.incrementAndGet() % OBJECTS;
        return plain.putObject(p -> p.bucket(bucket).key(k).contentLength((long) objectBytes),
                AsyncRequestBody.fromByteBuffer(b.data.duplicate().clear())).join();
    }
}
