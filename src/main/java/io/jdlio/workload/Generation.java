package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.data.ContentStream;
import io.jdlio.format.FileFormat;
import io.jdlio.format.FileSpec;
import io.jdlio.format.FileTarget;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a workload's dataset with one writer per thread (all cores by default). Each file is streamed from
 * a small per-thread buffer and published by rename, so memory stays flat and an interrupted generation
 * leaves only whole files; the next one writes just what is missing.
 */
public final class Generation {
    /** Per-thread write buffer: large enough for few syscalls, small enough to stay in cache-friendly range. */
    static final int BUFFER_BYTES = 256 << 10;

    /** Reports progress; called from generator threads. */
    public interface Progress {
        void update(long filesDone, long filesTotal, long bytesDone, long bytesTotal);
    }

    /** What a call did: files and bytes written (0 when everything was reused), wall seconds. */
    public record Result(long filesWritten, long bytesWritten, long filesReused, double seconds) {
    }

    private final Workload workload;
    private final DatasetPlan plan;
    private final Storage storage;
    private final FileFormat format;
    private final int threads;

    public Generation(Workload workload, DatasetPlan plan, Storage storage, FileFormat format, int threads) {
        this.workload = workload;
        this.plan = plan;
        this.storage = storage;
        this.format = format;
        this.threads = Math.max(1, threads);
    }

    /** One planned file; {@code size} is -1 where only writing tells, {@code expected} what progress counts. */
    private record Item(Split split, int index, FileTarget target, FileSpec spec, long size, long expected) {
        String path() {
            return target.path();
        }
    }

    private List<Item> items() {
        List<Item> all = new ArrayList<>();
        for (Split split : Split.values()) {
            for (int i = 0; i < plan.fileCount(split); i++) {
                FileSpec spec = Datasets.spec(plan, split, i);
                all.add(new Item(split, i, Datasets.target(plan, split, i), spec, format.fileSize(spec),
                        Datasets.size(plan, format, split, i)));
            }
        }
        return all;
    }

    /** True when the manifest matches and every planned file is present at its planned size. */
    public boolean isComplete() throws IOException {
        Properties m = DatasetManifest.read(storage, workload.dataset());
        if (m == null || !DatasetManifest.fingerprint(workload.dataset()).equals(m.getProperty("fingerprint"))
                || !"true".equals(m.getProperty("complete"))) {
            return false;
        }
        for (Item item : items()) {
            if (!present(item)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A file is whole when its data object has the planned size (or any size where only writing tells) and its
     * companions exist: every object is published by rename, so whatever exists is complete.
     */
    private boolean present(Item item) throws IOException {
        long size = storage.size(item.path()).orElse(-1);
        if (size < 0 || item.size >= 0 && size != item.size) {
            return false;
        }
        for (String companion : format.companions(item.target)) {
            if (storage.size(companion).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Makes the dataset exist: reuses matching files, writes the rest. */
    public Result ensure(Progress progress) throws IOException {
        Properties m = DatasetManifest.read(storage, workload.dataset());
        boolean sameConfig = m != null
                && DatasetManifest.fingerprint(workload.dataset()).equals(m.getProperty("fingerprint"));
        return run(sameConfig, progress);
    }

    /** Writes every file, whatever exists: what the generation benchmark times. */
    public Result regenerate(Progress progress) throws IOException {
        return run(false, progress);
    }

    private Result run(boolean reuse, Progress progress) throws IOException {
        long start = System.nanoTime();
        List<Item> all = items();
        List<Item> todo = new ArrayList<>();
        long reused = 0;
        for (Item item : all) {
            if (reuse && present(item)) {
                reused++;
            } else {
                todo.add(item);
            }
        }
        long totalBytes = todo.stream().mapToLong(Item::expected).sum();
        if (todo.isEmpty()) {
            if (!reuse || !isCompleteManifest()) {
                DatasetManifest.write(storage, workload.dataset(), true, all.size(), totalOf(all));
            }
            return new Result(0, 0, reused, (System.nanoTime() - start) / 1e9);
        }
        for (Split split : Split.values()) {
            for (String folder : plan.folders(split)) {
                storage.makeFolder(workload.dataset().dataFolder() + "/" + folder);
            }
        }
        DatasetManifest.write(storage, workload.dataset(), false, all.size(), totalOf(all));
        AtomicInteger next = new AtomicInteger();
        AtomicLong filesDone = new AtomicLong();
        AtomicLong bytesDone = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Throwable f = Parallel.run(Math.min(threads, todo.size()), "jdlio-generate", t -> {
            ByteBuffer scratch = ByteBuffer.allocateDirect(BUFFER_BYTES);
            int i;
            while (!stop.get() && (i = next.getAndIncrement()) < todo.size()) {
                Item item = todo.get(i);
                writeOne(item, scratch);
                long b = bytesDone.addAndGet(item.expected);
                long done = filesDone.incrementAndGet();
                if (progress != null) {
                    progress.update(done, todo.size(), b, totalBytes);
                }
            }
        }, () -> stop.set(true));
        if (f != null) {
            throw new WorkloadException("generation stopped after " + filesDone.get() + " of " + todo.size()
                    + " files in " + storage.describe(workload.dataset().dataFolder()) + ": " + describe(f)
                    + "; the files written so far are complete and will be reused by the next run", f);
        }
        DatasetManifest.write(storage, workload.dataset(), true, all.size(), totalOf(all));
        return new Result(todo.size(), bytesDone.get(), reused, (System.nanoTime() - start) / 1e9);
    }

    private boolean isCompleteManifest() throws IOException {
        Properties m = DatasetManifest.read(storage, workload.dataset());
        return m != null && "true".equals(m.getProperty("complete"));
    }

    private static long totalOf(List<Item> items) {
        return items.stream().mapToLong(Item::expected).sum();
    }

    private void writeOne(Item item, ByteBuffer scratch) throws IOException {
        ContentStream content = new ContentStream(Datasets.CONTENT_SEED, plan.globalIndex(item.split, item.index));
        format.write(item.spec, content, storage, item.target, scratch);
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        if (msg != null && msg.contains("No space left on device")) {
            return "the disk is full (No space left on device); free space or point dataset.data_folder elsewhere";
        }
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
