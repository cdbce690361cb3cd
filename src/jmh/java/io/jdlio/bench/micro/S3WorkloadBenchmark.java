package io.jdlio.bench.micro;

import io.jdlio.workload.GenerationSession;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
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
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Workload-level S3 figures next to a plain CRT client doing the same requests with the same concurrency in
 * the same JVM: a training epoch ({@code computation_time: 0}, npz, one sample per object, {@code readThreads}
 * reader threads) against {@code readThreads} threads each GETting whole objects of the same dataset into a
 * buffer; a dataset generation (all cores, as jdlio generates) against as many threads PUTting objects of the
 * same sizes from a buffer filled once. The {@code bytes} counter ({@link Bytes}) is the rate to compare
 * (bytes/s); the op is one whole epoch or generation. The generations also count this JVM's CPU per op
 * ({@link ProcessCpu}): the client's own cost, which on a host shared with the store takes cores from it. Needs {@code -p endpoint=http://host:port}; scripts/compare-s3 runs it on S3Mock.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
@State(Scope.Benchmark)
public class S3WorkloadBenchmark {
    @Param("")
    public String endpoint;

    @Param("jdlio-bench")
    public String bucket;

    /** Bytes of each sample (one per object); the npz header adds a few hundred. */
    @Param("1048576")
    public int objectBytes;

    @Param("64")
    public int files;

    /** reader.read_threads, and the plain client's threads for the same GETs. */
    @Param("4")
    public int readThreads;

    private S3AsyncClient plain;
    private TrainingSession training;
    private GenerationSession generation;
    private ExecutorService pool;
    /** The dataset's objects and their sizes, as the plain client reads and writes them. */
    private final List<String> keys = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private int generationThreads;
    /** The next object a plain client's thread takes. */
    private final AtomicInteger next = new AtomicInteger();
    /** Each plain client thread's buffer, as large as the largest object, random bytes for PUTs. */
    private final ThreadLocal<ByteBuffer> buffers = new ThreadLocal<>();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (endpoint.isBlank()) {
            throw new IllegalArgumentException("S3WorkloadBenchmark: give the store as -p endpoint=http://host:port");
        }
        plain = PlainS3.client(endpoint, bucket);
        String folder = "workload-bench/" + objectBytes + "x" + files;
        String overrides = String.join(";", "++storage.storage_type=s3", "++storage.storage_root=" + bucket,
                "++storage.storage_options.endpoint_url=" + endpoint, "dataset.data_folder=" + folder,
                "dataset.format=npz", "dataset.num_files_train=" + files, "dataset.num_files_eval=0",
                "dataset.num_samples_per_file=1", "dataset.record_length_bytes=" + objectBytes,
                "dataset.record_length_bytes_stdev=0", "dataset.record_length_bytes_resize=0",
                "reader.read_threads=" + readThreads, "reader.batch_size=1", "train.epochs=1",
                "train.computation_time=0", "workflow.checkpoint=False", "output.folder="
                        + Files.createTempDirectory("jdlio-s3-workload-bench"));
        training = new TrainingSession(WorkloadRun.load("unet3d_smoke.yaml", overrides, 1));
        training.ensureDataset(null);
        String prefix = folder + "/train/";
        for (S3Object o : plain.listObjectsV2(l -> l.bucket(bucket).prefix(prefix)).join().contents()) {
            keys.add(o.key());
            sizes.add(o.size());
        }
        if (keys.size() != files) {
            throw new IllegalStateException(keys.size() + " objects under " + prefix + ", expected " + files);
        }
        generation = new GenerationSession(WorkloadRun.load("unet3d_smoke.yaml",
                overrides.replace("dataset.data_folder=" + folder, "dataset.data_folder=" + folder + "-generated"), 1));
        generationThreads = Runtime.getRuntime().availableProcessors();
        pool = Executors.newFixedThreadPool(Math.max(readThreads, generationThreads));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (pool != null) {
            pool.shutdownNow();
        }
        if (generation != null) {
            generation.close();
        }
        if (training != null) {
            training.close();
        }
        if (plain != null) {
            plain.close();
        }
    }

    @Benchmark
    public void trainingRead(Bytes m) {
        m.bytes += training.runEpoch(true).bytesRead();
    }

    @Benchmark
    public void trainingReadPlainCrt(Bytes m) throws Exception {
        m.bytes += onThreads(readThreads, buffer -> {
            int i = next.getAndIncrement();
            if (i >= keys.size()) {
                return -1;
            }
            String k = keys.get(i);
            var body = plain.getObject(g -> g.bucket(bucket).key(k), AsyncResponseTransformer.toPublisher()).join();
            ByteBuffer dst = buffer.clear();
            body.subscribe(b -> dst.put(b.duplicate().limit(b.position() + Math.min(b.remaining(), dst.remaining()))))
                    .join();
            return dst.position();
        });
    }

    @Benchmark
    public long generationPut(Bytes m, ProcessCpu cpu) throws Exception {
        return cpu.count(m.add(generation.generate().bytesWritten(), 1));
    }

    @Benchmark
    public long generationPutPlainCrt(Bytes m, ProcessCpu cpu) throws Exception {
        return cpu.count(m.add(onThreads(generationThreads, buffer -> {
            int i = next.getAndIncrement();
            if (i >= keys.size()) {
                return -1;
            }
            int n = (int) (long) sizes.get(i);
            // beside the dataset, not in it: the next fork's setup lists the dataset's folder and expects its files only
            String k = "plain-" + keys.get(i);
            plain.putObject(p -> p.bucket(bucket).key(k).contentLength((long) n),
                    AsyncRequestBody.fromByteBuffer(buffer.clear().limit(n))).join();
            return n;
        }), 1));
    }

    /** One object's request on a thread's own buffer: its bytes, or -1 when no object is left. */
    private interface Request {
        long run(ByteBuffer buffer) throws Exception;
    }

    /** Runs {@code request} on {@code threads} threads until every object is done; returns the bytes moved. */
    private long onThreads(int threads, Request request) throws Exception {
        next.set(0);
        long most = sizes.stream().mapToLong(Long::longValue).max().orElse(0);
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                ByteBuffer buffer = buffers.get();
                if (buffer == null || buffer.capacity() < most) {
                    buffer = ByteBuffer.allocate((int) most);
                    ThreadLocalRandom.current().nextBytes(buffer.array());
                    buffers.set(buffer);
                }
                long bytes = 0;
                for (long n; (n = request.run(buffer)) >= 0; ) {
                    bytes += n;
                }
                return bytes;
            }));
        }
        long bytes = 0;
        for (Future<Long> f : done) {
            bytes += f.get();
        }
        return bytes;
    }
}
