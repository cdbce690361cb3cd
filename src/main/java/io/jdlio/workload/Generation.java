package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.data.ContentStream;
import io.jdlio.data.Redundancy;
import io.jdlio.format.FileFormat;
import io.jdlio.format.FileSpec;
import io.jdlio.format.FileTarget;
import io.jdlio.format.Written;
import io.jdlio.metrics.RateSeries;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.FolderInUseException;
import io.jdlio.storage.FolderLock;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes a workload's dataset with one writer per thread (all cores by default). Each file is streamed from
 * a small per-thread buffer and published by rename, so memory stays flat and an interrupted generation
 * leaves only whole files; the next one writes just what is missing. Every published file's size goes to
 * the {@link SizeLedger}, against which reuse checks each file.
 */
public final class Generation {
    /**
     * Per-thread write buffer: content is generated into it, then written in one call. 1 MiB rather than 256 KiB
     * wrote 16 unet3d files 10-70 % faster here (two alternated pairs on a busy 2-core machine), as fio writes
     * faster with 1 MiB blocks than 256 KiB ones.
     */
    static final int BUFFER_BYTES = 1 << 20;

    /** Reports progress; called from generator threads. */
    public interface Progress {
        void update(long filesDone, long filesTotal, long bytesDone, long bytesTotal);
    }

    /**
     * What a call did: files and bytes really written (0 when everything was reused; the sizes on storage, not
     * the plan's), wall seconds, notices for the user (files regenerated and why, leftovers removed), and the
     * files and bytes this process wrote per interval since writing began (empty when it wrote nothing).
     */
    public record Result(long filesWritten, long bytesWritten, long filesReused, double seconds, List<String> notices,
            RateSeries rate) {
        /** summary.json's {@code jdlio.generation}: what was written, how long it took, and its rate over time. */
        public Map<String, Object> json() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("files_written", filesWritten);
            m.put("bytes_written", bytesWritten);
            m.put("files_reused", filesReused);
            m.put("seconds", seconds);
            m.put("MiB_per_second", seconds > 0 ? bytesWritten / (double) (1 << 20) / seconds : null);
            m.put("rate", rate.json());
            return m;
        }
    }

    private final Workload workload;
    private final DatasetPlan plan;
    private final Storage storage;
    private final FileFormat format;
    private final int threads;
    private final io.jdlio.cluster.Cluster cluster;

    public Generation(Workload workload, DatasetPlan plan, Storage storage, FileFormat format, int threads) {
        this(workload, plan, storage, format, threads, io.jdlio.cluster.Cluster.LOCAL);
    }

    /**
     * {@code cluster}: the processes that share the work across hosts, each writing the files whose global index
     * is its rank modulo their number, as DLIO's ranks split it; rank 0's process prepares the folder, holds it,
     * records every file's size and marks the manifest complete once all are done.
     */
    public Generation(Workload workload, DatasetPlan plan, Storage storage, FileFormat format, int threads,
                      io.jdlio.cluster.Cluster cluster) {
        this.cluster = cluster;
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

    private String folder() {
        return workload.dataset().dataFolder();
    }

    /** True when the manifest matches and every planned file is present with the size it was written with. */
    public boolean isComplete() throws IOException {
        requireFolder();
        Properties m = DatasetManifest.read(storage, workload.dataset());
        if (m == null || !DatasetManifest.fingerprint(workload.dataset()).equals(m.getProperty("fingerprint"))
                || !"true".equals(m.getProperty("complete"))) {
            return false;
        }
        Map<String, Long> ledger = ledger();
        for (Item item : items()) {
            if (problem(item, ledger) != null) {
                return false;
            }
        }
        return true;
    }

    private Map<String, Long> ledger() throws IOException {
        Map<String, Long> sizes = SizeLedger.read(storage, workload.dataset());
        return sizes == null ? Map.of() : sizes;
    }

    /**
     * Why a file cannot be reused: null when it can, "" when it is missing, else a notice naming it. A file is
     * reusable when its data object and companions have the sizes the ledger recorded as they were written
     * (or, unrecorded, the planned size where the plan knows it): a stat each, no reads.
     */
    private String problem(Item item, Map<String, Long> ledger) throws IOException {
        String p = problem(item.path(), item.size, ledger);
        if (p != null) {
            return p;
        }
        for (String companion : format.companions(item.target)) {
            OptionalLong size = storage.size(companion);
            if (size.isEmpty()) {
                return "";
            }
            // companions recorded by no ledger (an older jdlio) were only ever checked for existence
            Long recorded = ledger.get(relative(companion));
            if (recorded != null && recorded != size.getAsLong()) {
                return String.format(Locale.ROOT, "%s holds %,d bytes, %,d were written", storage.describe(companion),
                        size.getAsLong(), recorded);
            }
        }
        return null;
    }

    private String problem(String path, long planned, Map<String, Long> ledger) throws IOException {
        OptionalLong size = storage.size(path);
        if (size.isEmpty()) {
            return "";
        }
        long s = size.getAsLong();
        Long recorded = ledger.get(relative(path));
        if (recorded != null) {
            return s == recorded ? null : String.format(Locale.ROOT, "%s holds %,d bytes, %,d were written",
                    storage.describe(path), s, recorded);
        }
        if (planned >= 0) {
            return s == planned ? null : String.format(Locale.ROOT, "%s holds %,d bytes, the plan says %,d",
                    storage.describe(path), s, planned);
        }
        return storage.describe(path) + " has no recorded size (an older jdlio wrote it, or its run stopped "
                + "before recording it), so it cannot be checked";
    }

    /** An object's path below the data folder, as the ledger records it. */
    private String relative(String path) {
        String prefix = folder() + "/";
        return path.startsWith(prefix) ? path.substring(prefix.length()) : path;
    }

    /**
     * Makes the dataset exist: reuses files that are as they were written, writes the rest. Checking holds the
     * data folder shared (training runs may be reading it); writing holds it exclusively, so a run that reads
     * or writes it meanwhile fails at once naming this one.
     */
    public Result ensure(Progress progress) throws IOException {
        if (cluster.distributed()) {
            return ensureAcrossHosts(progress);
        }
        long start = System.nanoTime();
        requireFolder();
        if (storage.size(folder()).isPresent()) {
            try (FolderLock shared = lock(false, "generation (checking)")) {
                if (isComplete()) {
                    // no run writes here while this one holds the folder: any temporary file is a leftover
                    List<String> notices = leftovers();
                    return new Result(0, 0, items().size(), (System.nanoTime() - start) / 1e9, notices,
                            new RateSeries());
                }
            }
        }
        requireWritable();
        makeFolder(folder());
        try (FolderLock exclusive = lock(true, "generation")) {
            Properties m = DatasetManifest.read(storage, workload.dataset());
            boolean sameConfig = m != null
                    && DatasetManifest.fingerprint(workload.dataset()).equals(m.getProperty("fingerprint"));
            return run(sameConfig, progress);
        }
    }

    /**
     * Writes every file, whatever exists: what the generation benchmark times. The caller holds the data folder
     * exclusively (see {@link #lock}).
     */
    public Result regenerate(Progress progress) throws IOException {
        if (cluster.distributed()) {
            // rank 0's process holds the folder for the whole benchmark (GenerationSession)
            return acrossHosts(progress, true);
        }
        requireFolder();
        makeFolder(folder());
        return run(false, progress);
    }

    /** Holds the data folder; a conflicting run's hold is one line naming its holder. */
    FolderLock lock(boolean exclusive, String purpose) throws IOException {
        return lockFolder(storage, folder(), exclusive, purpose);
    }

    static FolderLock lockFolder(Storage storage, String folder, boolean exclusive, String purpose)
            throws IOException {
        try {
            return storage.lock(folder, exclusive, purpose);
        } catch (FolderInUseException e) {
            throw new WorkloadException("dataset.data_folder " + e.getMessage() + "; wait for that run to end, or "
                    + "point dataset.data_folder elsewhere", e);
        }
    }

    /** data_folder must be a folder (or not exist yet); its manifest a file. */
    private void requireFolder() {
        Optional<Path> local = storage.localPath(folder());
        if (local.isPresent() && Files.exists(local.get()) && !Files.isDirectory(local.get())) {
            throw new WorkloadException("dataset.data_folder " + local.get() + " is a file, but a folder is expected "
                    + "there (the dataset's files go below it): point dataset.data_folder at a folder, or move the "
                    + "file away");
        }
    }

    /** A data folder jdlio may not write cannot be completed: say so before the first write fails. */
    private void requireWritable() throws IOException {
        Optional<Path> local = storage.localPath(folder());
        if (local.isPresent() && Files.isDirectory(local.get()) && !Files.isWritable(local.get())) {
            throw readOnly(new java.nio.file.AccessDeniedException(local.get().toString()));
        }
    }

    private WorkloadException readOnly(IOException e) throws IOException {
        List<Item> missing = new ArrayList<>();
        Map<String, Long> ledger = ledger();
        for (Item item : items()) {
            if (problem(item, ledger) != null) {
                missing.add(item);
            }
        }
        String what = missing.isEmpty() ? "holds every file but no manifest marking it complete"
                : "misses " + missing.size() + " of " + items().size() + " files (first: "
                + storage.describe(missing.get(0).path()) + ")";
        return new WorkloadException("dataset.data_folder " + storage.describe(folder()) + " " + what
                + " but jdlio may not write there ("
                + e.getClass().getSimpleName() + ": " + e.getMessage() + "): make it writable so the rest can be "
                + "generated, or point dataset.data_folder at a complete copy", e);
    }

    private void makeFolder(String path) throws IOException {
        try {
            storage.makeFolder(path);
        } catch (java.nio.file.AccessDeniedException e) {
            throw readOnly(e);
        }
    }

    private Result run(boolean reuse, Progress progress) throws IOException {
        long start = System.nanoTime();
        Work w = prepare(reuse);
        if (w.todo.isEmpty()) {
            return new Result(0, 0, w.kept, (System.nanoTime() - start) / 1e9, w.notices, new RateSeries());
        }
        RateSeries rate = new RateSeries();
        long written = write(w.todo, progress, this::recordWritten, rate);
        DatasetManifest.write(storage, workload.dataset(), true, w.all, w.allBytes);
        return new Result(w.todo.size(), written, w.kept, (System.nanoTime() - start) / 1e9, w.notices, rate);
    }

    /** What a generation has to do: the files to write, how many are kept, and the notices so far. */
    private record Work(List<Item> todo, int kept, int all, long allBytes, List<String> notices) {
    }

    /**
     * Decides what to write and readies the folder for it: leftovers and stale files removed, folders made, the
     * ledger started and the manifest marked incomplete (or complete, when nothing is to be written).
     */
    private Work prepare(boolean reuse) throws IOException {
        List<String> notices = leftovers();
        List<Item> all = items();
        Map<String, Long> recorded = reuse ? SizeLedger.read(storage, workload.dataset()) : null;
        Map<String, Long> ledger = recorded == null ? Map.of() : recorded;
        List<Item> todo = new ArrayList<>();
        List<Item> kept = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        for (Item item : all) {
            String problem = reuse ? problem(item, ledger) : "";
            if (problem == null) {
                kept.add(item);
            } else {
                todo.add(item);
                if (!problem.isEmpty()) {
                    differ.add(problem);
                }
            }
        }
        if (!differ.isEmpty()) {
            notices.add("regenerating " + differ.size() + " file(s) that are not as jdlio wrote them: "
                    + String.join("; ", differ.size() > 3 ? differ.subList(0, 3) : differ)
                    + (differ.size() > 3 ? "; and " + (differ.size() - 3) + " more" : ""));
        }
        if (todo.isEmpty()) {
            if (!isCompleteManifest()) {
                DatasetManifest.write(storage, workload.dataset(), true, all.size(), totalOf(all));
            }
            return new Work(todo, kept.size(), all.size(), totalOf(all), notices);
        }
        if (recorded == null) {
            stale(all, notices);
        }
        requireSpace(todo);
        try {
            for (Split split : Split.values()) {
                for (String folder : plan.folders(split)) {
                    storage.makeFolder(folder() + "/" + folder);
                }
            }
            if (recorded == null) {
                // a new ledger; files kept from before it (planned sizes, checked above) are recorded as they are
                SizeLedger.start(storage, workload.dataset());
                for (Item item : kept) {
                    recordSizes(item);
                }
            }
            DatasetManifest.write(storage, workload.dataset(), false, all.size(), totalOf(all));
        } catch (java.nio.file.AccessDeniedException e) {
            throw readOnly(e);
        }
        return new Work(todo, kept.size(), all.size(), totalOf(all), notices);
    }

    /** Records the objects a file's write published; returns their bytes. */
    @FunctionalInterface
    private interface Recorder {
        long record(List<Written> written) throws IOException;
    }

    /** Writes {@code todo} with all threads; returns the bytes written. */
    private long write(List<Item> todo, Progress progress, Recorder recorder, RateSeries rate) throws IOException {
        long totalBytes = todo.stream().mapToLong(Item::expected).sum();
        AtomicInteger next = new AtomicInteger();
        AtomicLong filesDone = new AtomicLong();
        AtomicLong bytesDone = new AtomicLong();
        AtomicLong bytesWritten = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Throwable f = Parallel.run(Math.min(threads, todo.size()), "jdlio-generate", t -> {
            ByteBuffer scratch = ByteBuffer.allocateDirect(BUFFER_BYTES);
            int i;
            while (!stop.get() && (i = next.getAndIncrement()) < todo.size()) {
                Item item = todo.get(i);
                long written = recorder.record(writeOne(item, scratch));
                bytesWritten.addAndGet(written);
                rate.record(written, 1);
                long b = bytesDone.addAndGet(item.expected);
                long done = filesDone.incrementAndGet();
                if (progress != null) {
                    progress.update(done, todo.size(), b, totalBytes);
                }
            }
        }, () -> stop.set(true));
        if (f instanceof java.nio.file.AccessDeniedException) {
            throw readOnly((IOException) f);
        }
        if (f != null) {
            throw new WorkloadException("generation stopped after " + filesDone.get() + " of " + todo.size()
                    + " files in " + storage.describe(folder()) + ": " + describe(f)
                    + "; the files written so far are complete and will be reused by the next run", f);
        }
        return bytesWritten.get();
    }

    /**
     * {@link #ensure} across hosts. Every process checks the dataset (a shared folder gives each the same
     * answer); when it is incomplete, rank 0's process holds the folder, readies it and names the files to write,
     * every process writes its share (global file index modulo the processes), the others' sizes reach rank 0,
     * which records them and marks the manifest complete after all finished. A process that fails ends the run
     * (see the launcher), the manifest stays incomplete, and the next run writes only what is missing.
     */
    private Result ensureAcrossHosts(Progress progress) throws IOException {
        return acrossHosts(progress, false);
    }

    /** {@code fresh}: every file written again, in a folder rank 0's caller holds (the generation benchmark). */
    private Result acrossHosts(Progress progress, boolean fresh) throws IOException {
        try {
            return generateAcrossHosts(progress, fresh);
        } catch (IOException | RuntimeException | Error e) {
            cluster.fail(e instanceof WorkloadException ? e.getMessage() : describe(e));
            throw e;
        }
    }

    private Result generateAcrossHosts(Progress progress, boolean fresh) throws IOException {
        long start = System.nanoTime();
        requireFolder();
        boolean complete = false;
        if (!fresh && storage.size(folder()).isPresent()) {
            try (FolderLock shared = lock(false, "generation (checking)")) {
                complete = isComplete();
            }
        }
        // the check's shared holds end on every host before rank 0 takes the folder exclusively
        if (cluster.max(new double[] {complete ? 0 : 1})[0] == 0) {
            return new Result(0, 0, items().size(), (System.nanoTime() - start) / 1e9, leftoversIfLeader(),
                    new RateSeries());
        }
        FolderLock exclusive = null;
        Work work = null;
        boolean done = false;
        try {
            StringBuilder todo = new StringBuilder();
            if (cluster.rank() == 0) {
                requireWritable();
                makeFolder(folder());
                Properties m = null;
                if (!fresh) {
                    exclusive = lock(true, "generation");
                    m = DatasetManifest.read(storage, workload.dataset());
                }
                work = prepare(m != null
                        && DatasetManifest.fingerprint(workload.dataset()).equals(m.getProperty("fingerprint")));
                for (Item item : work.todo) {
                    todo.append(item.split.ordinal()).append(' ').append(item.index).append('\n');
                }
            }
            // rank 0's list of files to write reaches every process (and the folder is ready before any writes)
            String list = new String(cluster.allGather(todo.toString().getBytes(StandardCharsets.UTF_8))[0],
                    StandardCharsets.UTF_8);
            List<Item> all = items();
            Map<String, Item> byKey = new java.util.HashMap<>();
            for (Item item : all) {
                byKey.put(item.split.ordinal() + " " + item.index, item);
            }
            List<Item> mine = new ArrayList<>();
            int listed = 0;
            for (String line : list.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                listed++;
                Item item = byKey.get(line);
                if (plan.globalIndex(item.split, item.index) % cluster.size() == cluster.rank()) {
                    mine.add(item);
                }
            }
            StringBuilder sizes = new StringBuilder();
            // this process's files only: the report draws its own host's rate
            RateSeries rate = new RateSeries();
            long written = mine.isEmpty() ? 0 : write(mine, progress, objects -> {
                if (cluster.rank() == 0) {
                    return recordWritten(objects);
                }
                // the ledger has one writer, rank 0's process: the others' sizes go to it when all are done
                long total = 0;
                synchronized (sizes) {
                    for (Written o : objects) {
                        sizes.append(o.bytes()).append('\t').append(relative(o.path())).append('\n');
                        total += o.bytes();
                    }
                }
                return total;
            }, rate);
            byte[][] recorded = cluster.allGather(sizes.toString().getBytes(StandardCharsets.UTF_8));
            double[] totals = cluster.sum(new double[] {mine.size(), written});
            if (cluster.rank() == 0) {
                for (int r = 1; r < recorded.length; r++) {
                    for (String line : new String(recorded[r], StandardCharsets.UTF_8).split("\n")) {
                        int tab = line.indexOf('\t');
                        if (tab > 0) {
                            SizeLedger.record(storage, workload.dataset(), line.substring(tab + 1),
                                    Long.parseLong(line.substring(0, tab)));
                        }
                    }
                }
                if (listed > 0) {
                    DatasetManifest.write(storage, workload.dataset(), true, work.all, work.allBytes);
                }
            }
            done = true;
            return new Result((long) totals[0], (long) totals[1], all.size() - listed,
                    (System.nanoTime() - start) / 1e9, work == null ? new ArrayList<>() : work.notices, rate);
        } finally {
            if (exclusive != null) {
                exclusive.close();
            }
            if (done) {
                // nobody reads or rewrites the dataset until rank 0 has marked it complete and let it go; a failed
                // process does not wait here: its failure ends the run (see Ranks#failed)
                cluster.barrier();
            }
        }
    }

    /** Leftovers removed by rank 0's process only: it alone may take another host's temporary for a dead one. */
    private List<String> leftoversIfLeader() throws IOException {
        return cluster.rank() == 0 ? leftovers() : new ArrayList<>();
    }

    /**
     * Removes the files an earlier generation recorded in the ledger that this dataset does not plan (another
     * num_files_train names other files): left beside the new set, they would hold disk space nothing reads.
     * Only what the ledger lists goes; a file jdlio did not write stays whatever its name.
     */
    private void stale(List<Item> all, List<String> notices) throws IOException {
        Map<String, Long> earlier = SizeLedger.writtenSizes(storage, folder());
        if (earlier.isEmpty()) {
            return;
        }
        java.util.Set<String> planned = new java.util.HashSet<>();
        for (Item item : all) {
            planned.add(relative(item.path()));
            for (String companion : format.companions(item.target)) {
                planned.add(relative(companion));
            }
        }
        long files = 0;
        long bytes = 0;
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(earlier).entrySet()) {
            String path = folder() + "/" + e.getKey();
            if (planned.contains(e.getKey()) || e.getKey().contains("..") || storage.size(path).isEmpty()) {
                continue;
            }
            storage.delete(path);
            files++;
            bytes += e.getValue();
        }
        if (files > 0) {
            notices.add(String.format(Locale.ROOT, "removed %d file(s), %s, that jdlio wrote in %s for an earlier "
                    + "dataset and this one does not use (its .jdlio-ledger listed them)", files, gib(bytes),
                    storage.describe(folder())));
        }
    }

    /** Removes temporary files of interrupted runs (their writer is gone) from the data folder. */
    private List<String> leftovers() throws IOException {
        List<String> notices = new ArrayList<>();
        // data folder, split, subfolder, file
        List<String> removed = storage.removeLeftovers(folder(), 4);
        if (!removed.isEmpty()) {
            notices.add("removed " + removed.size() + " temporary file(s) left by an interrupted jdlio run (first: "
                    + removed.get(0) + ")");
        }
        return notices;
    }

    /** Records the objects a write published, with the bytes each writer committed; returns their sum. */
    private long recordWritten(List<Written> written) throws IOException {
        long total = 0;
        for (Written o : written) {
            SizeLedger.record(storage, workload.dataset(), relative(o.path()), o.bytes());
            total += o.bytes();
        }
        return total;
    }

    /** Records a kept file's sizes as the store has them; returns the bytes on storage. */
    private long recordSizes(Item item) throws IOException {
        long total = 0;
        List<String> paths = new ArrayList<>(format.companions(item.target));
        paths.add(item.path());
        for (String path : paths) {
            OptionalLong size = storage.size(path);
            if (size.isEmpty()) {
                throw new IOException(storage.describe(path) + " is missing right after it was written");
            }
            SizeLedger.record(storage, workload.dataset(), relative(path), size.getAsLong());
            total += size.getAsLong();
        }
        return total;
    }

    /** Refuses to start what the target's free space cannot hold, rather than run until the disk is full. */
    private void requireSpace(List<Item> todo) throws IOException {
        OptionalLong free = storage.usableSpace(folder());
        long needed = 0;
        for (Item item : todo) {
            needed = saturatedAdd(needed, item.expected);
        }
        if (free.isPresent() && needed > free.getAsLong()) {
            throw new WorkloadException(String.format(Locale.ROOT, "dataset.data_folder %s: generating %d file(s) "
                    + "needs %s%s but its file system has %s free; free space, point dataset.data_folder elsewhere, "
                    + "or make the dataset smaller", storage.describe(folder()), todo.size(), gib(needed),
                    Datasets.estimated(plan, format) ? " (an estimate: compressed sizes are known only after "
                    + "writing)" : "", gib(free.getAsLong())));
        }
    }

    static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** A size for messages: in the unit that reads best, with the exact bytes. */
    public static String gib(long bytes) {
        if (bytes < 1L << 20) {
            return String.format(Locale.ROOT, "%,d bytes", bytes);
        }
        boolean gib = bytes >= 1L << 30;
        return String.format(Locale.ROOT, "%,.2f %s (%,d bytes)", bytes / (double) (gib ? 1L << 30 : 1L << 20),
                gib ? "GiB" : "MiB", bytes);
    }

    private boolean isCompleteManifest() throws IOException {
        Properties m = DatasetManifest.read(storage, workload.dataset());
        return m != null && "true".equals(m.getProperty("complete"));
    }

    private static long totalOf(List<Item> items) {
        return items.stream().mapToLong(Item::expected).sum();
    }

    private List<Written> writeOne(Item item, ByteBuffer scratch) throws IOException {
        ContentStream content = new ContentStream(Datasets.CONTENT_SEED, plan.globalIndex(item.split, item.index),
                new Redundancy(workload.dataset().dedupePercentage(), workload.dataset().bufferCompressPercentage()));
        return format.write(item.spec, content, storage, item.target, scratch);
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied on " + msg;
        }
        if (msg != null && msg.contains("No space left on device")) {
            return "the disk is full (No space left on device); free space or point dataset.data_folder elsewhere";
        }
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
