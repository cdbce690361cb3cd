package io.jdlio.workload;

import io.jdlio.cluster.Cluster;
import java.util.Locale;

/**
 * The accelerators this process runs among all of a run's (DLIO's ranks): {@code perHost} threads here, global
 * ranks {@code first .. first + perHost - 1} of {@code total}. On one host that is every accelerator; under MPI
 * each host runs its share, and the global rank decides the sample partition, the output file names, the
 * checkpoint files.
 */
public record Ranks(Cluster cluster, int perHost, int first, int total) {
    /** Every host runs {@code perHost}: this process's accelerators start at {@code cluster.rank() * perHost}. */
    public Ranks(Cluster cluster, int perHost) {
        this(cluster, perHost, cluster.rank() * perHost, cluster.size() * perHost);
    }

    /**
     * Hosts that run their own counts, {@code perHostOfRank[h]} for host {@code h}: a host's accelerators follow
     * those of every lower host (the sum of their counts), and the total is the sum over all hosts.
     */
    public static Ranks uneven(Cluster cluster, int[] perHostOfRank) {
        int first = 0;
        for (int h = 0; h < cluster.rank(); h++) {
            first += perHostOfRank[h];
        }
        int total = 0;
        for (int k : perHostOfRank) {
            total += k;
        }
        return new Ranks(cluster, perHostOfRank[cluster.rank()], first, total);
    }

    /** Every accelerator in this process, no other process. */
    public static Ranks local(int accelerators) {
        return new Ranks(Cluster.LOCAL, accelerators);
    }

    public int global(int local) {
        return first() + local;
    }

    public boolean distributed() {
        return cluster.distributed();
    }

    /** This process for a message: its rank, its accelerators and its host. */
    public String who() {
        return String.format(Locale.ROOT, "rank %d of %d (accelerators %d-%d) on host %s", cluster.rank(),
                cluster.size(), first(), first() + perHost - 1, cluster.host());
    }

    /**
     * A failure here ends every process of a run across hosts at once, with one line naming this rank and host:
     * the others may be waiting for this one at a barrier they would never leave. On one host it returns and
     * the failure takes its usual way.
     */
    public void failed(Throwable f) {
        if (distributed()) {
            cluster.abort("jdlio: " + who() + " failed: " + (f instanceof WorkloadException
                    || f instanceof io.jdlio.config.ConfigException ? f.getMessage() : Generation.describe(f)));
        }
    }
}
