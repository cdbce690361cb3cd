package io.jdlio.bench.micro;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import io.jdlio.storage.AzureBlobStorage;
import io.jdlio.storage.AzureCredentials;
import io.jdlio.storage.AzureLocation;
import io.jdlio.storage.AzureSettings;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
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

/**
 * PUT and GET of whole objects on Azure Blob, through jdlio's backend ({@code client=jdlio}) and through a
 * plain azure-storage-blob client doing the same requests ({@code client=sdk}: one PUT, or blocks of the same size
 * with the same concurrency; one GET per object) in the same JVM, with JMH's {@code -t} threads. Sample-time mode,
 * as ObjectStoreBenchmark for S3: the score is the mean time per request and JMH gives p50, p99 and p99.9 beside
 * it; {@code firstByte} is a plain client's one-byte ranged GET, the time to first byte with no transfer behind it. Throughput
 * in bytes: threads / mean time x {@code objectBytes}. The store comes from {@code AZURE_STORAGE_CONNECTION_STRING}
 * (the credential stays in the environment, never in a param); scripts/azurite starts a local Azurite (in
 * memory, capped at 512 MiB: keep 16 x 2 x objectBytes under it there):
 * <pre>
 * AZURE_STORAGE_CONNECTION_STRING='...;BlobEndpoint=http://127.0.0.1:PORT/devstoreaccount1;' \
 *   java -jar target/benchmarks.jar AzureBlobBenchmark -t 4 -p objectBytes=4096,1048576
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@State(Scope.Benchmark)
public class AzureBlobBenchmark {
    private static final int OBJECTS = 16;

    @Param({"jdlio", "sdk"})
    public String client;

    @Param({"4096", "1048576"})
    public int objectBytes;

    private AzureBlobStorage storage;
    private BlobContainerClient sdk;
    private byte[] payload;
    private final AtomicLong puts = new AtomicLong();
    private final AtomicLong gets = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String cs = System.getenv("AZURE_STORAGE_CONNECTION_STRING");
        if (cs == null || cs.isBlank()) {
            throw new IllegalStateException("set AZURE_STORAGE_CONNECTION_STRING to the store to measure "
                    + "(scripts/azurite starts a local Azurite)");
        }
        AzureCredentials creds = AzureCredentials.connectionString(cs);
        AzureLocation loc = new AzureLocation(creds.accountName().orElse("devstoreaccount1"), "jmh-" + System.nanoTime(),
                "bench");
        storage = new AzureBlobStorage(loc, creds, AzureSettings.defaults());
        sdk = new BlobServiceClientBuilder().connectionString(cs).httpClient(new JdkHttpClientBuilder().build())
                .buildClient().getBlobContainerClient(loc.container());
        sdk.createIfNotExists();
        payload = new byte[objectBytes];
        new Random(1).nextBytes(payload);
        for (int i = 0; i < OBJECTS; i++) {
            put("get-" + i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sdk.deleteIfExists();
        storage.close();
    }

    /** One reader's buffer. */
    @State(Scope.Thread)
    public static class Buffer {
        ByteBuffer bytes;
        int next;

        @Setup(Level.Trial)
        public void setUp(AzureBlobBenchmark b) {
            bytes = ByteBuffer.allocate(b.objectBytes);
            next = (int) Thread.currentThread().getId();
        }
    }

    private void put(String name) throws IOException {
        if (client.equals("jdlio")) {
            try (ObjectWriter w = storage.create(name)) {
                for (int i = 0; i < payload.length; i += 1 << 20) {
                    w.write(ByteBuffer.wrap(payload, i, Math.min(1 << 20, payload.length - i)));
                }
                w.commit(false);
            }
        } else {
            AzureSettings s = storage.settings();
            sdk.getBlobClient(storage.location().blobName(name)).uploadWithResponse(
                    new BlobParallelUploadOptions(BinaryData.fromBytes(payload)).setParallelTransferOptions(
                            new ParallelTransferOptions().setBlockSizeLong((long) s.blockSize())
                                    .setMaxSingleUploadSizeLong((long) s.blockSize()).setMaxConcurrency(s.maxConcurrency())),
                    null, null);
        }
    }

    @Benchmark
    public long put() throws IOException {
        put("put-" + (puts.incrementAndGet() % OBJECTS));
        return objectBytes;
    }

    @Benchmark
    public int get(Buffer b) throws IOException {
        String name = "get-" + (gets.incrementAndGet() % OBJECTS);
        b.bytes.clear();
        if (client.equals("jdlio")) {
            try (ObjectReader r = storage.open(name, objectBytes)) {
                return r.read(0, b.bytes);
            }
        }
        return plainGet(name, b.bytes, objectBytes);
    }

    /**
     * One byte of an object, by the plain client whatever {@code client} says (jdlio's reader would fetch its
     * read-ahead): the request's round trip and the service's time to its first byte.
     */
    @Benchmark
    public int firstByte(Buffer b) {
        String name = "get-" + (gets.incrementAndGet() % OBJECTS);
        b.bytes.clear().limit(1);
        return plainGet(name, b.bytes, 1);
    }

    /** The first {@code bytes} of an object by the plain client, into {@code into}; the bytes received. */
    private int plainGet(String name, ByteBuffer into, long bytes) {
        sdk.getBlobClient(storage.location().blobName(name)).downloadStreamWithResponse(new OutputStream() {
            @Override
            public void write(int x) {
                into.put((byte) x);
            }

            @Override
            public void write(byte[] x, int off, int len) {
                into.put(x, off, len);
            }
        }, new BlobRange(0, bytes), null, null, false, null, null);
        return into.position();
    }
}
