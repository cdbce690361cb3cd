package io.jdlio.workload;

import io.jdlio.config.ElementType;
import io.jdlio.config.Workload;
import io.jdlio.data.ContentStream;
import io.jdlio.metrics.CheckpointTiming;
import io.jdlio.metrics.Latency;
import io.jdlio.metrics.Timestamps;
import io.jdlio.plan.CheckpointPlan;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;

/**
 * Saves and loads DLIO checkpoints (docs/checkpoints.md): every active rank writes its planned files under
 * {@code <checkpoint_folder>/global_epoch<E>_step<S>/}, streaming from one reusable buffer so memory stays
 * flat for any model size, and fsyncing each file when {@code checkpoint.fsync} asks. Loads read every byte
 * back, bypassing the page cache where the storage can.
 */
public final class Checkpointing {
    /** Bytes saved and loaded so far by every rank, for the progress line; one add per buffer. */
    private final java.util.concurrent.atomic.LongAdder moved = new java.util.concurrent.atomic.LongAdder();

    static final int BUFFER_BYTES = 4 << 20;
    private static final String KEY = "checkpoint.checkpoint_folder";
    private static final int ALIGN = 4096;

    private final Workload workload;
    private final CheckpointPlan plan;
    private final Storage storage;
    private final int ranksPerNode;
    private final ByteBuffer[] buffers;
    private final CheckpointLedger ledger;
    private volatile boolean cacheSuspect;
    private volatile boolean evictedSinceSave;
    /** The checkpoint folder, held exclusively from the first save or load until {@link #release()}. */
    private io.jdlio.storage.FolderLock folderLock;
    private String spaceChecked;
    private final Ranks ranks;

    /** {@code ranksPerNode}: accelerators per emulated host, for recovery_rank_shift (all of them on one host). */
    public Checkpointing(Workload workload, CheckpointPlan plan, Storage storage, int ranksPerNode) {
        this(workload, plan, storage, ranksPerNode, Ranks.local(plan.accelerators()));
    }

    /**
     * {@code ranks}: the plan's ranks this process saves and loads. Across hosts, rank 0's process alone holds
     * the folder, cleans it and keeps the ledger of what the run wrote; every process writes its ranks' files.
     */
    public Checkpointing(Workload workload, CheckpointPlan plan, Storage storage, int ranksPerNode, Ranks ranks) {
        this.ranks = ranks;
        this.workload = workload;
        this.plan = plan;
        this.storage = storage;
        this.ranksPerNode = ranksPerNode;
        this.buffers = new ByteBuffer[plan.accelerators()];
        this.ledger = new CheckpointLedger(storage, workload.checkpoint().checkpointFolder());
    }

    public CheckpointPlan plan() {
        return plan;
    }

    /** True once a load may have been served by the page cache (no O_DIRECT and no permission to evict). */
    /** Where the checkpoints go. */
    Storage storage() {
        return storage;
    }

    public boolean cacheSuspect() {
        return cacheSuspect;
    }

    private String folder(int epoch, long step) {
        return workload.checkpoint().checkpointFolder() + "/" + CheckpointPlan.folder(epoch, step);
    }

    /** Whose files a rank reads back: its own, or with recovery_rank_shift those of the next host's rank. */
    public int sourceRank(int rank) {
        return workload.checkpoint().recoveryRankShift() ? (rank + ranksPerNode) % plan.accelerators() : rank;
    }

    private ByteBuffer buffer(int rank) {
        if (buffers[rank] == null) {
            // aligned so the same buffer can feed O_DIRECT reads
            buffers[rank] = ByteBuffer.allocateDirect(BUFFER_BYTES + ALIGN).alignedSlice(ALIGN);
        }
        return buffers[rank].clear();
    }

    /** One rank's save of checkpoint (epoch, step); {@code index} numbers it in DLIO's outputs. */
    public CheckpointTiming save(int rank, int epoch, long step, int index) {
        return save(rank, epoch, step, index, null);
    }

    private CheckpointTiming save(int rank, int epoch, long step, int index, CyclicBarrier rankSync) {
        prepareFolder(true, epoch, step);
        evictedSinceSave = false;
        try {
            if (!follower()) {
                ledger.claim(CheckpointPlan.folder(epoch, step), ranks.distributed());
            }
        } catch (IOException e) {
            throw new WorkloadException("recording checkpoint " + CheckpointPlan.folder(epoch, step) + " in "
                    + storage.describe(workload.checkpoint().checkpointFolder() + "/" + CheckpointLedger.NAME)
                    + " failed: " + Outputs.describe(e, KEY), e);
        }
        String start = Timestamps.now();
        long t0 = System.nanoTime();
        long bytes = 0;
        List<CheckpointPlan.File> files = plan.ranks().get(rank).files();
        ByteBuffer buf = buffer(rank);
        Latency perFile = new Latency();
        for (int i = 0; i < files.size(); i++) {
            CheckpointPlan.File f = files.get(i);
            String path = folder(epoch, step) + "/" + f.name();
            long fileStart = System.nanoTime();
            try (ObjectWriter w = storage.create(path)) {
                write(f, new ContentStream(1000L + rank, i), w, buf);
                w.commit(workload.checkpoint().fsync());
                bytes += f.bytes();
                perFile.record(System.nanoTime() - fileStart);
            } catch (IOException e) {
                throw new WorkloadException("saving checkpoint file " + storage.describe(path) + " failed: "
                        + Outputs.describe(e, KEY), e);
            }
        }
        sync(rankSync);
        return new CheckpointTiming(true, index, start, Timestamps.now(), (System.nanoTime() - t0) / 1e9, bytes,
                perFile);
    }

    /**
     * Before any rank's first save or load: the checkpoint folder is held exclusively (a second run saving there
     * fails at once naming this one) and temporary files of interrupted saves are removed; before each save,
     * its size is compared with the free space. Called by every rank; the work is done once.
     */
    private synchronized void prepareFolder(boolean save, int epoch, long step) {
        hold();
        if (!save || folder(epoch, step).equals(spaceChecked)) {
            return;
        }
        spaceChecked = folder(epoch, step);
        String root = workload.checkpoint().checkpointFolder();
        java.util.OptionalLong free;
        try {
            free = storage.usableSpace(root);
        } catch (IOException e) {
            throw new WorkloadException("checkpoint.checkpoint_folder " + storage.describe(root) + " cannot be "
                    + "prepared: " + Generation.describe(e), e);
        }
        if (free.isPresent() && plan.bytes() > free.getAsLong()) {
            throw new WorkloadException("checkpoint.checkpoint_folder " + storage.describe(root) + ": a checkpoint "
                    + "needs " + Generation.gib(plan.bytes()) + " but its file system has "
                    + Generation.gib(free.getAsLong()) + " free; free space or point checkpoint.checkpoint_folder "
                    + "elsewhere");
        }
    }

    /**
     * Holds the checkpoint folder exclusively, once, until {@link #release()}: a second run saving, loading or
     * deleting there fails at once naming this one. Temporary files of interrupted saves go then.
     */
    private synchronized void hold() {
        if (folderLock != null || follower()) {
            return;
        }
        String root = workload.checkpoint().checkpointFolder();
        try {
            storage.makeFolder(root);
            try {
                folderLock = storage.lock(root, true, "checkpointing");
            } catch (io.jdlio.storage.FolderInUseException e) {
                throw new WorkloadException("checkpoint.checkpoint_folder " + e.getMessage() + "; wait for that "
                        + "run to end, or point checkpoint.checkpoint_folder elsewhere", e);
            }
            // checkpoint folder, global_epoch*_step* folder, file
            storage.removeLeftovers(root, 2);
        } catch (IOException e) {
            throw new WorkloadException("checkpoint.checkpoint_folder " + storage.describe(root) + " cannot be "
                    + "prepared: " + Generation.describe(e), e);
        }
    }

    /** A process of a run across hosts other than rank 0's: it writes its files, rank 0 keeps the folder. */
    private boolean follower() {
        return ranks.distributed() && ranks.cluster().rank() != 0;
    }

    /**
     * Across hosts, before any process writes: rank 0's process holds and cleans the folder, then all go on
     * together, so no cleaning meets another host's file being written. On one host the first save does it.
     */
    public void holdAcrossHosts() {
        if (ranks.distributed()) {
            if (!follower()) {
                hold();
            }
            ranks.cluster().barrier();
        }
    }

    /** Holds the checkpoint folder before deleting in it; one that does not exist holds nothing to delete. */
    private void holdIfPresent() throws IOException {
        if (storage.size(workload.checkpoint().checkpointFolder()).isPresent()) {
            hold();
        }
    }

    /** Lets other runs use the checkpoint folder again. */
    public synchronized void release() throws IOException {
        if (folderLock != null) {
            folderLock.close();
            folderLock = null;
        }
    }

    // rank_sync: DLIO's barrier after each save or load sits inside the timed call
    private static void sync(CyclicBarrier rankSync) {
        if (rankSync == null) {
            return;
        }
        try {
            rankSync.await();
        } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
            Thread.currentThread().interrupt();
            throw new WorkloadException("checkpoint barrier broken by another rank");
        }
    }

    private void write(CheckpointPlan.File f, ContentStream content, ObjectWriter w, ByteBuffer buf)
            throws IOException {
        boolean random = workload.checkpoint().randomizeTensor();
        if (!random) {
            fillOnes(buf, f.type());
        }
        long offset = 0;
        while (offset < f.bytes()) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), f.bytes() - offset));
            if (random) {
                content.fill(buf, offset);
            } else {
                buf.position(buf.limit());
            }
            buf.flip();
            w.write(buf);
            offset += buf.limit();
            moved.add(buf.limit());
        }
    }

    /** randomize_tensor: False writes tensors of ones, as DLIO's torch.ones does, in the file's element type. */
    private static void fillOnes(ByteBuffer buf, ElementType type) {
        ByteBuffer b = buf.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
        while (b.remaining() >= type.bytes()) {
            switch (type) {
                case FLOAT16: b.putShort((short) 0x3C00); break;
                case BFLOAT16: b.putShort((short) 0x3F80); break;
                case FLOAT32: b.putFloat(1f); break;
                case FLOAT64: b.putDouble(1d); break;
                default: b.put((byte) 1); break;
            }
        }
    }

    /** One rank's load of checkpoint (epoch, step): every byte of its (or its recovery source's) files. */
    public CheckpointTiming load(int rank, int epoch, long step, int index) {
        return load(rank, epoch, step, index, null);
    }

    private CheckpointTiming load(int rank, int epoch, long step, int index, CyclicBarrier rankSync) {
        prepareFolder(false, epoch, step);
        String start = Timestamps.now();
        long t0 = System.nanoTime();
        long bytes = 0;
        int source = sourceRank(rank);
        ByteBuffer buf = buffer(rank);
        Latency perFile = new Latency();
        for (CheckpointPlan.File f : plan.ranks().get(source).files()) {
            String path = folder(epoch, step) + "/" + f.name();
            long fileStart = System.nanoTime();
            try {
                Optional<ObjectReader> direct = storage.openUncached(path);
                if (direct.isEmpty() && !evictedSinceSave && storage.traits().pageCached()) {
                    cacheSuspect = true;
                }
                try (ObjectReader r = direct.isPresent() ? direct.get() : storage.open(path)) {
                    long read = 0;
                    while (true) {
                        buf.clear();
                        int n = r.read(read, buf);
                        if (n <= 0) {
                            break;
                        }
                        read += n;
                        moved.add(n);
                    }
                    if (read != f.bytes()) {
                        throw new IOException("holds " + read + " bytes, the plan says " + f.bytes());
                    }
                    bytes += read;
                }
                perFile.record(System.nanoTime() - fileStart);
            } catch (IOException e) {
                throw new WorkloadException("loading checkpoint file " + storage.describe(path) + " failed: "
                        + Outputs.describe(e, KEY) + (e instanceof java.nio.file.NoSuchFileException
                        ? "; it was never saved (num_checkpoints_read > writes?)" : ""), e);
            }
        }
        sync(rankSync);
        return new CheckpointTiming(false, index, start, Timestamps.now(), (System.nanoTime() - t0) / 1e9, bytes,
                perFile);
    }

    /** Bytes saved and loaded so far by every rank of this session. */
    long bytesMoved() {
        return moved.sum();
    }

    /** Every rank saves (or loads) at once, one thread each, started together; returns their timings. */
    public List<CheckpointTiming> all(boolean save, int epoch, long step, int index) {
        int n = ranks.perHost();
        CheckpointTiming[] out = new CheckpointTiming[n];
        // across hosts every rank starts together, and rank_sync's barrier is every rank's
        Runnable hosts = ranks.distributed() ? ranks.cluster()::barrier : () -> { };
        CyclicBarrier start = new CyclicBarrier(n, hosts);
        CyclicBarrier rankSync = workload.checkpoint().rankSync() ? new CyclicBarrier(n, hosts) : null;
        Throwable f = Parallel.run(n, "jdlio-checkpoint", local -> {
            int rank = ranks.global(local);
            try {
                start.await();
                out[local] = save ? save(rank, epoch, step, index, rankSync) : load(rank, epoch, step, index, rankSync);
            } catch (InterruptedException | java.util.concurrent.BrokenBarrierException e) {
                throw e;
            } catch (RuntimeException | Error e) {
                ranks.failed(e);
                throw e;
            }
        }, () -> {
            start.reset();
            if (rankSync != null) {
                rankSync.reset();
            }
        });
        if (f != null) {
            throw Parallel.rethrow(f, "checkpoint " + CheckpointPlan.folder(epoch, step) + " failed");
        }
        return List.of(out);
    }

    /** Removes one checkpoint's folder when this session wrote it; anything else stays. */
    public void delete(int epoch, long step) throws IOException {
        holdIfPresent();
        String name = CheckpointPlan.folder(epoch, step);
        if (ledger.owns(name)) {
            storage.deleteFolder(folder(epoch, step));
            ledger.release(name);
        }
    }

    /**
     * Removes the checkpoints this session wrote, and nothing else: not a user's folder that happens to be
     * named like one, not the checkpoints of an earlier run.
     */
    public void deleteOwn() throws IOException {
        holdIfPresent();
        for (String name : ledger.own()) {
            storage.deleteFolder(workload.checkpoint().checkpointFolder() + "/" + name);
            ledger.release(name);
        }
    }

    /** The checkpoints this session wrote and still has, oldest first: what a run tells its user it left. */
    public List<String> written() {
        return ledger.own();
    }

    /** Drops this host's cached copy of checkpoints before a load, where O_DIRECT is unavailable. */
    public void evictIfNeeded(int epoch, long step) throws IOException {
        String any = folder(epoch, step) + "/" + plan.ranks().get(sourceRank(0)).files().get(0).name();
        Optional<ObjectReader> direct = storage.openUncached(any);
        if (direct.isPresent()) {
            direct.get().close();
            return;
        }
        if (storage.evictCache()) {
            evictedSinceSave = true;
        } else {
            cacheSuspect = true;
        }
    }
}
