package io.jdlio.workload;

import io.jdlio.config.TimeSpec;
import io.jdlio.metrics.Latency;
import io.jdlio.plan.SampleOrder;
import io.jdlio.plan.SampleVisitor;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * One accelerator's data loader, with PyTorch DataLoader semantics (docs/datasets.md, "The loader"): batch b goes to
 * worker b mod read_threads, each worker keeps up to prefetch_factor = ceil(prefetch_size / read_threads) batches
 * ready, batches are delivered in order, and with read_threads = 0 the accelerator reads synchronously. Each batch is
 * collated: batch x the in-memory sample size copied into a pooled buffer, the memory traffic DLIO's collate costs.
 *
 * <p>A worker that fails records its failure in one slot the accelerator checks while it waits, and the
 * other workers stop: handing the failure over through a ready queue would lose it whenever that queue is
 * full, and the accelerator would wait for its batch forever.
 */
final class BatchLoader implements AutoCloseable {
    /** How often a waiting accelerator looks at the failure slot; a failed batch costs at most this. */
    private static final long FAILURE_CHECK_MILLIS = 20;

    private final SampleOrder order;
    private final int batch;
    private final long steps;
    private final LoaderShape shape;
    private final int workers;
    private final IntFunction<SampleSource> sources;
    private final ByteBuffer sampleImage;
    /** The sample image repeated {@code tileImages} times (about 64 KiB), collated into a batch a tile at once. */
    private final ByteBuffer imageTile;
    private final int tileImages;
    private final TimeSpec preprocess;
    private final long seed;
    private final BlockingQueue<ByteBuffer>[] free;     // per worker: its own batch buffers
    private final BlockingQueue<Ready>[] ready;
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final Thread[] threads;
    private final SampleSource[] workerSources;
    /** Batches handed out ahead of the accelerator: PyTorch's prefetch_factor x num_workers outstanding indices. */
    private final long window;
    /** Batches the accelerator has taken; written by the accelerator only, read by the workers. */
    private volatile long yielded;
    private SampleSource syncSource;
    private long next;
    /** When the batch last taken was complete, as System.nanoTime: see {@link #readyAt()}. */
    private long readyAt;

    /** A filled batch and the moment its last sample was in it. */
    private record Ready(ByteBuffer batch, long at) {
    }

    /** {@code sources} makes worker w's source around {@code buffers.reads[w]}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    BatchLoader(SampleOrder order, int batch, long steps, LoaderBuffers buffers,
                IntFunction<SampleSource> sources, ByteBuffer sampleImage, TimeSpec preprocess, long seed,
                String name) {
        this.order = order;
        this.batch = batch;
        this.steps = steps;
        this.shape = buffers.shape;
        this.workers = shape.workers();
        this.sources = sources;
        this.sampleImage = sampleImage;
        int image = sampleImage.capacity();
        this.tileImages = Math.max(1, Math.min(batch, (64 << 10) / image));
        // a loader per epoch: a tile is at most 64 KiB of heap, and an image of that size or more is its own tile
        this.imageTile = tileImages == 1 ? sampleImage : ByteBuffer.allocate(tileImages * image);
        for (int i = 0; tileImages > 1 && i < tileImages; i++) {
            imageTile.put(i * image, sampleImage, 0, image);
        }
        this.preprocess = preprocess;
        this.seed = seed;
        this.window = (long) shape.prefetchPerWorker() * workers;
        this.free = (BlockingQueue<ByteBuffer>[]) new BlockingQueue[buffers.batches.length];
        for (int w = 0; w < free.length; w++) {
            free[w] = new ArrayBlockingQueue<>(buffers.batches[w].length);
            for (ByteBuffer b : buffers.batches[w]) {
                free[w].add(b.clear());
            }
        }
        this.ready = (BlockingQueue<Ready>[]) new BlockingQueue[shape.owners()];
        this.threads = new Thread[workers];
        this.workerSources = new SampleSource[workers];
        for (int w = 0; w < workers; w++) {
            ready[w] = new ArrayBlockingQueue<>(shape.prefetchPerWorker());
            workerSources[w] = sources.apply(w);
            final int id = w;
            threads[w] = new Thread(() -> work(id), name + "-reader-" + w);
            threads[w].setDaemon(true);
        }
    }

    /** Starts the workers: from here on they read ahead, as PyTorch's do once the epoch's iterator exists. */
    void start() {
        for (Thread t : threads) {
            t.start();
        }
    }

    private void work(int w) {
        SampleSource source = workerSources[w];
        SplittableRandom rng = new SplittableRandom(seed * 31 + w);
        try {
            for (long b = w; b < steps; b += workers) {
                awaitDispatch(b);
                ByteBuffer buf = free[w].take();
                fill(b, buf, source, rng);
                ready[w].put(new Ready(buf, System.nanoTime()));
            }
        } catch (InterruptedException e) {
            // closed, or another worker failed: nothing to report
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            fail(e);
        }
    }

    /**
     * Waits until PyTorch would have sent batch {@code b}'s index to its worker: it sends factor x workers
     * indices up front and one more per batch it yields. A worker's own free buffers alone would let every
     * worker but the one whose batch is in compute read one batch more.
     */
    private void awaitDispatch(long b) throws InterruptedException {
        while (b >= yielded + window) {
            // the accelerator unparks the one worker whose batch it lets through; a stale permit only loops once more
            LockSupport.park(this);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Keeps the first failure for the accelerator and stops the other workers, which would read on in vain. */
    private void fail(Throwable e) {
        RuntimeException r = e instanceof RuntimeException ? (RuntimeException) e
                : new WorkloadException("a reader thread failed: " + Generation.describe(e), e);
        if (failure.compareAndSet(null, r)) {
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.interrupt();
                }
            }
        }
    }

    private void fill(long b, ByteBuffer buf, SampleSource source, SplittableRandom rng) {
        long from = b * batch;
        int[] slot = {0};
        int image = sampleImage.capacity();
        order.forRange(from, from + batch, new SampleVisitor() {
            @Override
            public void sample(int file, int sample) {
                source.read(file, sample);
                if (!preprocess.isZero()) {
                    PreciseWait.waitSeconds(preprocess.draw(rng));
                }
                buf.put(slot[0]++ * image, sampleImage, 0, image);
            }

            /** A run's samples read together, then collated as whole tiles: the same bytes, fewer calls. */
            @Override
            public void run(int file, int first, int count) {
                if (!preprocess.isZero()) {
                    SampleVisitor.super.run(file, first, count);    // each sample's pause follows its read
                    return;
                }
                source.readRun(file, first, count);
                for (int left = count; left > 0; ) {
                    int n = Math.min(left, tileImages);
                    buf.put(slot[0] * image, imageTile, 0, n * image);
                    slot[0] += n;
                    left -= n;
                }
            }
        });
    }

    /** The next batch, in order, with the next index sent out: {@link #take()} then {@link #dispatch()}. */
    ByteBuffer next() throws InterruptedException {
        ByteBuffer buf = take();
        dispatch();
        return buf;
    }

    /**
     * The next batch, in order; blocks while its worker is still reading it. Release it before the next, and
     * {@link #dispatch()} after each: until then no worker reads further ahead.
     */
    ByteBuffer take() throws InterruptedException {
        long b = next++;
        if (shape.synchronous()) {
            if (syncSource == null) {
                syncSource = sources.apply(0);
            }
            ByteBuffer buf = free[0].take();
            fill(b, buf, syncSource, new SplittableRandom(seed + b));
            readyAt = System.nanoTime();
            return buf;
        }
        BlockingQueue<Ready> queue = ready[shape.ownerOf(b)];
        while (true) {
            RuntimeException f = failure.get();
            if (f != null) {
                throw f;
            }
            Ready r = queue.poll(FAILURE_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            if (r != null) {
                readyAt = r.at();
                return r.batch();
            }
        }
    }

    /**
     * When the batch last returned by {@link #take()} was complete (a System.nanoTime): a prefetched batch was there
     * before the accelerator asked for it, and a real accelerator would have started on it from then on.
     */
    long readyAt() {
        return readyAt;
    }

    /**
     * Sends the index PyTorch sends when it yields the batch last taken: batch taken + window may go out now,
     * and only it, so only its worker is woken. The accelerator calls this once its compute has begun.
     */
    void dispatch() {
        if (!shape.synchronous()) {
            long b = next - 1;
            yielded = b + 1;
            LockSupport.unpark(threads[shape.ownerOf(b + window)]);
        }
    }

    /** Hands the batch last returned by {@link #next()} back to the worker that filled it. */
    void release(ByteBuffer buf) {
        free[shape.ownerOf(next - 1)].offer(buf);
    }

    long bytesRead() {
        long total = syncSource == null ? 0 : syncSource.bytesRead();
        for (SampleSource s : workerSources) {
            total += s.bytesRead();
        }
        return total;
    }

    /** Every sample read's duration, all workers merged; call once the loader is closed. */
    Latency readLatency() {
        Latency all = new Latency();
        if (syncSource != null) {
            all.add(syncSource.latency());
        }
        for (SampleSource s : workerSources) {
            all.add(s.latency());
        }
        return all;
    }

    @Override
    public void close() {
        for (Thread t : threads) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SampleSource s : workerSources) {
            s.close();
        }
        if (syncSource != null) {
            syncSource.close();
        }
    }
}
