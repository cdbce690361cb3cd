package io.jdlio.cluster;

import java.util.Map;

/**
 * The one place that decides whether this JVM is one process of many: it is when the environment names an
 * MPI launch of more than one process ({@code OMPI_COMM_WORLD_SIZE} from Open MPI's mpirun, {@code PMI_SIZE}
 * from MPICH's hydra or Slurm's PMI-2, {@code PMIX_RANK} with {@code SLURM_NTASKS} from srun --mpi=pmix).
 * Otherwise the run is on one host as always and no MPI library is loaded.
 */
public final class Clusters {
    /** Set (to anything) by the launcher JVM of an MPI launch, which must not initialise MPI itself. */
    public static final String LAUNCHER_PROPERTY = "jdlio.cluster.launcher";

    private static Cluster current;

    private Clusters() {
    }

    /** This JVM's cluster, started on first use (MPI_Init happens here, once). */
    public static synchronized Cluster current() {
        if (current == null) {
            current = choose(System.getenv());
        }
        return current;
    }

    /** The cluster when this JVM has chosen one already, else null: a JVM that never needed it starts none. */
    public static synchronized Cluster started() {
        return current;
    }

    /**
     * The environment the storage backends read: under an MPI launch, with rank 0's object-store settings where
     * this rank's environment lacks them (MPI starts here if it has not yet); else this process's own.
     */
    public static Map<String, String> environment() {
        return launchSize(System.getenv()) > 1 ? current().environment() : System.getenv();
    }

    /** How many processes the environment says the launch has; 1 when it is not an MPI launch. */
    public static int launchSize(Map<String, String> env) {
        for (String key : new String[] {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
            int n = parse(env.get(key));
            if (n > 0) {
                return n;
            }
        }
        if (env.containsKey("PMIX_RANK")) {
            int n = parse(env.get("SLURM_NTASKS"));
            if (n > 0) {
                return n;
            }
        }
        return 1;
    }

    /** This process's rank as the environment gives it, before MPI is initialised; 0 when not an MPI launch. */
    public static int launchRank(Map<String, String> env) {
        for (String key : new String[] {"OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK"}) {
            int n = parse(env.get(key));
            if (n >= 0) {
                return n;
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return s == null ? -1 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Cluster choose(Map<String, String> env) {
        if (launchSize(env) <= 1) {
            return Cluster.LOCAL;
        }
        return MpiCluster.start(env);
    }
}
