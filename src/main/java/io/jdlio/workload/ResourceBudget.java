package io.jdlio.workload;

import io.jdlio.config.Workload;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What a workload needs of the JVM before it starts, against what the JVM allows, so that an absurd
 * read_threads, prefetch_size or accelerator count is refused with the figures instead of ending in an
 * OutOfMemoryError. The limits checked are this JVM's: the launcher allocates the same loader buffers when it
 * checks the dataset, and a JMH fork inherits the launcher's JVM options (plus -Xms1g, which changes neither
 * the maximum heap nor the direct memory limit), so {@code java -XX:MaxDirectMemorySize=... -jar} raises both.
 * A fork given a lower limit with -jvmArgs or -jvmArgsAppend is not checked here.
 *
 * <p>Threads: each accelerator runs one thread plus {@code read_threads} reader workers. Direct memory: each
 * accelerator's loader holds, per worker, collated batch buffers for its prefetch plus the one in compute, and a
 * read buffer (see {@link LoaderBuffers}); evaluation has a second set when it runs.
 */
public record ResourceBudget(int accelerators, long threads, long directBytes, long directLimit) {
    /** More threads than this is a typo or a misunderstanding; the JVM and the kernel degrade long before. */
    public static final long MAX_THREADS = 4096;

    public static ResourceBudget of(Workload w, int accelerators) {
        int workers = w.reader().readThreads();
        boolean train = w.workflow().train();
        long threads = train ? times(accelerators, 1L + workers) : accelerators;
        long direct = 0;
        if (train) {
            long image = Training.sampleImageBytes(w);
            long perAccelerator = loader(workers, w.reader().prefetchSize(), times(image, w.reader().batchSize()));
            if (w.workflow().evaluation()) {
                perAccelerator = plus(perAccelerator, loader(workers, w.reader().prefetchSize(),
                        times(image, w.reader().batchSizeEval())));
            }
            direct = plus(times(accelerators, perAccelerator), image);
        }
        return new ResourceBudget(accelerators, threads, direct, directMemoryLimit());
    }

    private static long loader(int workers, int prefetch, long batchBytes) {
        long perWorker = plus(times(LoaderBuffers.slots(workers, prefetch), batchBytes), Training.READ_BUFFER_BYTES);
        return times(Math.max(1, workers), perWorker);
    }

    /** Fails with the figures and what to change when the workload would not fit. */
    public void require(Workload w) {
        if (threads > MAX_THREADS) {
            throw new WorkloadException(String.format(Locale.ROOT, "%s: %,d accelerator(s) x (1 + reader.read_threads "
                    + "%d) need %,d threads; jdlio runs at most %,d: lower reader.read_threads or the accelerator "
                    + "count", w.source(), accelerators, w.reader().readThreads(), threads, MAX_THREADS));
        }
        if (directBytes > directLimit) {
            throw new WorkloadException(String.format(Locale.ROOT, "%s: %,d accelerator(s) need %s of direct memory "
                    + "for loader buffers (reader.read_threads %d, reader.prefetch_size %d, reader.batch_size %d), "
                    + "more than this JVM's limit of %s: lower those, or raise the limit, e.g. java "
                    + "-XX:MaxDirectMemorySize=%dg -jar benchmarks.jar ... (JMH forks inherit it; it defaults to -Xmx)",
                    w.source(), accelerators, gib(directBytes), w.reader().readThreads(), w.reader().prefetchSize(),
                    w.reader().batchSize(), gib(directLimit), suggestedGiB()));
        }
    }

    /** One line for validate. */
    public String describe() {
        return String.format(Locale.ROOT, "resources: %,d threads (at most %,d), %,d bytes (%s) of direct memory "
                + "for loader buffers (this JVM allows %s)", threads, MAX_THREADS, directBytes, gib(directBytes),
                gib(directLimit));
    }

    private long suggestedGiB() {
        // a quarter more than needed, for the JVM's own direct buffers
        double gib = directBytes * 1.25 / (1L << 30);
        return (long) Math.ceil(Math.min(gib, Long.MAX_VALUE / 2.0));
    }

    /** The JVM's MaxDirectMemorySize, or its default, the maximum heap. */
    static long directMemoryLimit() {
        try {
            com.sun.management.HotSpotDiagnosticMXBean hotspot =
                    ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            long set = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
            if (set > 0) {
                return set;
            }
        } catch (RuntimeException e) {
            // not HotSpot: the default below is what other JVMs use too
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }

    private static long times(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static long plus(long a, long b) {
        try {
            return Math.addExact(a, b);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
