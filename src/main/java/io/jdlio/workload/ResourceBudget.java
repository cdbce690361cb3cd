package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.plan.Split;
import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What a workload needs of the JVM before it starts, against what the JVM allows, so that an absurd
 * read_threads, prefetch_size, file count or accelerator count is refused with the figures instead of ending
 * in an OutOfMemoryError. The limits checked are this JVM's: the launcher allocates the same loader buffers
 * when it checks the dataset, and a JMH fork inherits the launcher's JVM options (plus -Xms1g, which changes
 * neither the maximum heap nor the direct memory limit), so {@code java -XX:MaxDirectMemorySize=... -jar}
 * raises both. A fork given a lower limit with -jvmArgs or -jvmArgsAppend is not checked here.
 *
 * <p>Threads: each accelerator runs one thread plus {@code read_threads} reader workers. Direct memory: each
 * accelerator's loader holds, per worker, collated batch buffers for its prefetch plus the one in compute, and a
 * read buffer (see {@link LoaderBuffers}); evaluation has a second set when it runs. Heap: what grows with the
 * config, an estimate from above: every file's planned sample shape, each accelerator's epoch file order (an
 * int per file) and read segments, and three timings per step for every epoch of every accelerator. All of it
 * is worked out from the config alone, so that it is checked before any plan is built.
 */
public record ResourceBudget(int accelerators, long threads, long directBytes, long directLimit, long heapBytes,
                             long heapLimit) {
    /** More threads than this is a typo or a misunderstanding; the JVM and the kernel degrade long before. */
    public static final long MAX_THREADS = 4096;

    public static ResourceBudget of(Workload w, int accelerators) {
        LoaderShape shape = LoaderShape.of(w.reader());
        boolean train = w.workflow().train();
        long threads = train ? times(accelerators, 1L + shape.workers()) : accelerators;
        long direct = 0;
        long heap = 0;
        if (train) {
            boolean evaluates = w.workflow().evaluation();
            long image = Training.sampleImageBytes(w);
            long perAccelerator = loader(shape, times(image, w.reader().batchSize()), StorageBackends.direct(w));
            if (evaluates) {
                perAccelerator = plus(perAccelerator, loader(shape, times(image, w.reader().batchSizeEval()), StorageBackends.direct(w)));
            }
            direct = plus(times(accelerators, perAccelerator), image);

            // three doubles per step, in arrays that grow by doubling, for the warmup and every measured epoch
            heap = plus(heap, times(times(accelerators, w.train().epochs() + 1L),
                    times(plus(steps(w, Split.TRAIN, accelerators), evaluates ? steps(w, Split.VALID, accelerators) : 0),
                            48)));
        }
        if (train || w.workflow().generateData()) {
            long files = (long) w.dataset().numFilesTrain() + w.dataset().numFilesEval();
            // every file's drawn sample shape (8 bytes, DatasetPlan); when training, each accelerator's epoch
            // file order (an int per file) and 36 bytes per segment of a file's samples (SampleOrder)
            heap = plus(heap, times(files, train ? 8 + 36 + 4L * accelerators : 8));
        }
        return new ResourceBudget(accelerators, threads, direct, directMemoryLimit(), heap,
                Runtime.getRuntime().maxMemory());
    }

    /** Steps per epoch per accelerator, as the plan counts them, without building the plan. */
    private static long steps(Workload w, Split split, int accelerators) {
        boolean train = split == Split.TRAIN;
        long samples = (train ? w.dataset().numFilesTrain() : (long) w.dataset().numFilesEval())
                * w.dataset().numSamplesPerFile();
        long steps = samples / times(train ? w.reader().batchSize() : w.reader().batchSizeEval(), accelerators);
        long cap = w.train().totalTrainingSteps();
        return train && cap > 0 ? Math.min(cap, steps) : steps;
    }

    private static long loader(LoaderShape shape, long batchBytes, boolean direct) {
        // O_DIRECT readers also hold an aligned bounce buffer each
        long perWorker = plus(times(shape.slots(), batchBytes), Training.READ_BUFFER_BYTES
                + (direct ? io.jdlio.storage.DirectStorage.BOUNCE_BYTES : 0));
        return times(shape.owners(), perWorker);
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
                    w.reader().batchSize(), gib(directLimit), suggestedGiB(directBytes)));
        }
        if (heapBytes > heapLimit) {
            throw new WorkloadException(String.format(Locale.ROOT, "%s: %,d accelerator(s) need about %s of heap for "
                    + "the file order and step timings of %,d training and evaluation files over %d epochs, more than "
                    + "this JVM's maximum heap of %s: lower dataset.num_files_train, train.epochs or the accelerator "
                    + "count, or raise it, e.g. java -Xmx%dg -jar benchmarks.jar ... (JMH forks inherit it)",
                    w.source(), accelerators, gib(heapBytes), (long) w.dataset().numFilesTrain()
                            + w.dataset().numFilesEval(), w.train().epochs(), gib(heapLimit), suggestedGiB(heapBytes)));
        }
    }

    /** One line for validate. */
    public String describe() {
        return String.format(Locale.ROOT, "resources: %,d threads (at most %,d), %,d bytes (%s) of direct memory "
                + "for loader buffers (this JVM allows %s), about %s of heap for plans and timings (of %s)", threads,
                MAX_THREADS, directBytes, gib(directBytes), gib(directLimit), gib(heapBytes), gib(heapLimit));
    }

    private static long suggestedGiB(long bytes) {
        // a quarter more than needed, for the JVM's own use
        double gib = bytes * 1.25 / (1L << 30);
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
        return bytes < 1L << 30 ? String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20))
                : String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
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
