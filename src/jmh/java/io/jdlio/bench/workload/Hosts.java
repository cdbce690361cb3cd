package io.jdlio.bench.workload;

import io.jdlio.workload.EndOfRun;
import io.jdlio.workload.Ranks;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** What each host of a run across hosts says: which accelerators it runs, and who writes the outputs. */
final class Hosts {
    private Hosts() {
    }

    /** A suffix naming this host's share when the run spans hosts; empty on one host. */
    static String line(Ranks ranks) {
        if (!ranks.distributed()) {
            return "";
        }
        String s = String.format("%n[jdlio] %s, pid %d; %d accelerators in all", ranks.who(),
                ProcessHandle.current().pid(), ranks.total());
        int cores = Runtime.getRuntime().availableProcessors();
        if (cores < ranks.perHost()) {
            // Open MPI binds each rank to a core (or a socket) unless told not to
            s += String.format("%n[jdlio] warning: this rank's JVM may use %d core(s) for %d accelerators and their "
                    + "readers: mpirun binds ranks to cores by default; give it --bind-to none", cores,
                    ranks.perHost());
        }
        return s;
    }

    /** The end-of-trial report where the outputs were written (rank 0's host); the others say where they went. */
    static void report(Path folder, String logFile, List<String> notes, Ranks ranks) throws IOException {
        if (folder != null) {
            EndOfRun.report(folder, logFile, notes);
        } else {
            System.out.printf("%n[jdlio] %s: its accelerators' figures went to rank 0, which writes the outputs%n",
                    ranks.who());
        }
    }
}
