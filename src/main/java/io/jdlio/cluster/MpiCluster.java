package io.jdlio.cluster;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Map;

/**
 * The processes of an {@code mpirun}/{@code srun} launch, through MPI's C library. MPI is initialised once per
 * JVM, in the JVM that runs the benchmark (a JMH fork, a child of the one mpirun started: it inherits the
 * launch's environment, which is all MPI_Init needs). Calls are serialised: any accelerator thread may be the
 * one that completes a step's barrier, one at a time.
 */
final class MpiCluster implements Cluster {
    private final MpiLibrary mpi;
    private final MpiLibrary.Handles h;
    private final int rank;
    private final int size;
    private final String host = Hosts.name();
    private volatile boolean ended;
    /** Set when the JVM begins to end (a signal from mpirun or srun, or the run's own end). */
    private volatile boolean exiting;
    private final java.util.concurrent.atomic.AtomicBoolean aborting = new java.util.concurrent.atomic.AtomicBoolean();

    private MpiCluster(MpiLibrary mpi, int launched) {
        this.mpi = mpi;
        this.h = mpi.handles;
        IntByReference provided = new IntByReference();
        mpi.call("MPI_Init_thread", Pointer.NULL, Pointer.NULL, MpiLibrary.THREAD_SERIALIZED, provided);
        if (provided.getValue() < MpiLibrary.THREAD_SERIALIZED) {
            // every call below holds this object's lock, so a thread level below SERIALIZED would still be
            // called from several threads in turn; MPI libraries that say FUNNELED work so in practice
            System.err.println("jdlio: MPI gives thread level " + provided.getValue() + " (SERIALIZED is 2); calls are "
                    + "serialised by jdlio and may still come from several threads");
        }
        IntByReference v = new IntByReference();
        mpi.call("MPI_Comm_rank", h.commWorld(), v);
        this.rank = v.getValue();
        mpi.call("MPI_Comm_size", h.commWorld(), v);
        this.size = v.getValue();
        if (size != launched) {
            // another MPI's library does not find this launcher, and makes every process a rank 0 of 1
            throw new ClusterException("the launcher started " + launched + " processes but " + h.family()
                    + "'s MPI library (" + mpi.name + ") sees " + size + ": it is not the launcher's MPI; name the "
                    + "launcher's library with JDLIO_MPI_LIBRARY=/path/to/libmpi.so");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> exiting = true, "jdlio-mpi-exit"));
        // every rank starts here once, in the same order, so this gather meets on all of them
        byte[] mine = rank == 0 ? SharedEnvironment.encode(System.getenv()) : new byte[0];
        this.environment = SharedEnvironment.merge(System.getenv(), allGather(mine)[0]);
    }

    private final Map<String, String> environment;

    @Override
    public Map<String, String> environment() {
        return environment;
    }

    static MpiCluster start(Map<String, String> env) {
        return new MpiCluster(MpiLibrary.load(env), Clusters.launchSize(env));
    }

    String family() {
        return h.family();
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public synchronized void barrier() {
        mpi.call("MPI_Barrier", h.commWorld());
    }

    @Override
    public synchronized double[] sum(double[] values) {
        return reduce(values, h.sum());
    }

    @Override
    public synchronized double[] max(double[] values) {
        return reduce(values, h.max());
    }

    private double[] reduce(double[] values, Object op) {
        double[] out = new double[values.length];
        if (values.length > 0) {
            mpi.call("MPI_Allreduce", values.clone(), out, values.length, h.doubleType(), op, h.commWorld());
        }
        return out;
    }

    @Override
    public synchronized byte[][] allGather(byte[] mine) {
        int[] lengths = new int[size];
        mpi.call("MPI_Allgather", new int[] {mine.length}, 1, h.intType(), lengths, 1, h.intType(), h.commWorld());
        int[] offsets = new int[size];
        int total = 0;
        for (int r = 0; r < size; r++) {
            offsets[r] = total;
            total += lengths[r];
        }
        byte[] all = new byte[Math.max(1, total)];
        mpi.call("MPI_Allgatherv", mine.length == 0 ? new byte[1] : mine, mine.length, h.byteType(), all, lengths,
                offsets, h.byteType(), h.commWorld());
        byte[][] out = new byte[size][];
        for (int r = 0; r < size; r++) {
            out[r] = java.util.Arrays.copyOfRange(all, offsets[r], offsets[r] + lengths[r]);
        }
        return out;
    }

    @Override
    public void abort(String line) {
        if (exiting) {
            // mpirun or srun is ending this JVM (another rank failed or was killed, and said so): what fails
            // here now is the stop's doing, not a failure of this rank to report
            return;
        }
        // not synchronised: another thread may be inside a barrier that will never complete
        if (aborting.getAndSet(true)) {
            // another thread of this process is ending the run already, with its own line
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // waits for the halt either way
                }
            }
        }
        ended = true;
        System.err.println(line);
        System.err.flush();
        mpi.function("MPI_Abort").invokeInt(new Object[] {h.commWorld(), 3});
        Runtime.getRuntime().halt(3);
    }

    @Override
    public synchronized void finish() {
        if (!ended) {
            ended = true;
            mpi.call("MPI_Finalize");
        }
    }
}
