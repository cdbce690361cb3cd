package io.jdlio.cli;

import io.jdlio.cluster.Cluster;
import io.jdlio.cluster.Clusters;
import io.jdlio.config.ConfigException;
import java.io.File;
import java.util.List;

/**
 * The launcher under {@code mpirun}/{@code srun}: one JVM per host, and it is the one that runs the benchmarks.
 *
 * <p>Open MPI lets a rank initialise MPI once per launch: a JMH fork can do it (it inherits the launch's
 * environment), but a second fork of the same rank fails in MPI_Init ("orte_ess_init failed"), so a launch with
 * two trials, or a checkpoint run's save and load, could not each have their fork. The benchmarks therefore run
 * in the launcher's JVM ({@code -f 0}), which initialises MPI once, when the first trial needs it, and
 * finalises it at the end.
 *
 * <p>JMH takes a machine-wide lock, {@code java.io.tmpdir/jmh.lock}, that several ranks on one host would
 * fight over. Each rank takes its own, in {@code java.io.tmpdir/jdlio-rank-<rank>/}: the ranks of one launch
 * do not collide, and a second launch on the machine still meets the first one's lock (rank for rank) and is
 * told so, which {@code -Djmh.ignoreLock=true} would not do.
 */
final class MpiLaunch {
    private MpiLaunch() {
    }

    /** Whether this JVM is one process of an MPI launch of several. */
    static boolean active() {
        return Clusters.launchSize(System.getenv()) > 1;
    }

    /** Moves JMH's lock to this rank's own folder; before JMH's Runner class is loaded (it reads it once). */
    static void ownLock() {
        if (!active() || Boolean.getBoolean("jmh.ignoreLock")) {
            return;
        }
        File dir = new File(System.getProperty("java.io.tmpdir"), "jdlio-rank-" + Clusters.launchRank(System.getenv()));
        if (dir.isDirectory() || dir.mkdirs()) {
            System.setProperty("java.io.tmpdir", dir.getPath());
        }
    }

    /** Runs the trials in this JVM ({@code -f 0}); a fork count asked for is refused with the reason. */
    static void noForks(List<String> a) {
        for (int i = 0; i + 1 < a.size(); i++) {
            if (a.get(i).equals("-f") && !a.get(i + 1).equals("0")) {
                throw new ConfigException("-f " + a.get(i + 1) + " under MPI: each host runs its trials in the JVM "
                        + "mpirun started (MPI can be initialised only once per rank and launch, so JMH forks "
                        + "cannot each join the run); leave -f out, or give -f 0");
            }
        }
        if (!a.contains("-f")) {
            a.addAll(List.of("-f", "0"));
        }
    }

    /** A failure in this process ends every host's; on one host, or before MPI started, it does nothing. */
    static void failed(String message) {
        Cluster c = Clusters.started();
        if (c != null) {
            c.fail(message);
        }
    }

    /** A run that went well: every host leaves MPI together. */
    static void finish() {
        Cluster c = Clusters.started();
        if (c != null) {
            c.finish();
        }
    }
}
