package io.jdlio.cluster;

/**
 * Who this process is among the processes of one run, and what they do together. A run on one host is one
 * process ({@link #LOCAL}); under {@code mpirun} or {@code srun} every host runs one process and they meet
 * through MPI. Accelerators are threads inside a process: the process of rank {@code r} runs global
 * accelerator ranks {@code r * K .. r * K + K - 1}, so nothing outside this package needs to know which.
 */
public interface Cluster {
    /** A single process: today's run on one host, with no MPI library loaded. */
    Cluster LOCAL = new LocalCluster();

    /** This process's rank, 0 .. size - 1. */
    int rank();

    /** How many processes (hosts) the run has. */
    int size();

    /** Whether other processes take part: collectives are no-ops when not. */
    default boolean distributed() {
        return size() > 1;
    }

    /** This process's host name, as failures and summaries name it. */
    String host();

    /** Returns once every process has called it. */
    void barrier();

    /** Element-wise sum of {@code values} over every process; every process gets the result. */
    double[] sum(double[] values);

    /** Element-wise maximum of {@code values} over every process; every process gets the result. */
    double[] max(double[] values);

    /** Every process's {@code mine}, indexed by rank, on every process. */
    byte[][] allGather(byte[] mine);

    /**
     * Ends every process of the run at once, after printing {@code line} (one line naming this rank and its
     * host) on standard error; never returns. On one host it does nothing, so the caller's own failure path
     * reports as before.
     */
    void abort(String line);

    /**
     * A failure in this process ends every process of a run across hosts, with one line naming this rank and
     * host and {@code what} failed; on one host it returns, and the failure takes its usual way.
     */
    default void fail(String what) {
        if (distributed()) {
            abort("jdlio: rank " + rank() + " of " + size() + " on host " + host() + " failed: " + what);
        }
    }

    /** This process's environment, with rank 0's object-store settings where it lacks them (see SharedEnvironment). */
    default java.util.Map<String, String> environment() {
        return System.getenv();
    }

    /** The end of a run that went well: every process leaves together. */
    void finish();
}
