package io.jdlio.cluster;

import com.sun.jna.Function;
import com.sun.jna.Library;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MPI's C library through JNA, for the two MPI families users have. Their handles differ: in Open MPI
 * {@code MPI_COMM_WORLD}, {@code MPI_DOUBLE}, {@code MPI_SUM} are addresses of global objects
 * ({@code ompi_mpi_comm_world}...), in MPICH (and Intel MPI, MVAPICH) they are integer constants. Each call
 * takes the handles as this family spells them, so the calls themselves are written once.
 */
final class MpiLibrary {
    /** dlopen's RTLD_LAZY | RTLD_GLOBAL: Open MPI's components are loaded later and look up libmpi's symbols. */
    private static final int OPEN_FLAGS = 0x101;

    /** MPI_THREAD_SERIALIZED, the same value in both families: any thread may call, one at a time. */
    static final int THREAD_SERIALIZED = 2;

    /** The handles one family passes: a Pointer (Open MPI) or an Integer (MPICH). */
    record Handles(String family, Object commWorld, Object doubleType, Object byteType, Object intType,
                   Object sum, Object max) {
    }

    private final NativeLibrary library;
    final Handles handles;
    /** The name it was loaded by, for messages. */
    final String name;

    private MpiLibrary(NativeLibrary library, Handles handles, String name) {
        this.library = library;
        this.handles = handles;
        this.name = name;
    }

    /**
     * Loads libmpi: {@code JDLIO_MPI_LIBRARY} when set (a path or a name), else the library of the launcher
     * whose environment this process has (see {@link #candidates}). Fails with one line naming what was tried.
     */
    static MpiLibrary load(Map<String, String> env) {
        leaveTheJvmItsSignals();
        List<String> failures = new ArrayList<>();
        for (String name : candidates(env)) {
            try {
                NativeLibrary lib = NativeLibrary.getInstance(name, Map.of(Library.OPTION_OPEN_FLAGS, OPEN_FLAGS));
                return new MpiLibrary(lib, handles(lib), name);
            } catch (UnsatisfiedLinkError e) {
                failures.add(name);
            }
        }
        throw new ClusterException("this process runs under MPI but no MPI library loads (tried " + failures
                + "); install your MPI's runtime library, or name it with JDLIO_MPI_LIBRARY=/path/to/libmpi.so");
    }

    /**
     * The JVM takes SIGSEGV and SIGBUS in normal running (null checks, safepoint polls, stack banging) and handles
     * them itself. UCX, which Debian's MPICH (and Open MPI's UCX transport) load, installs its own handlers for
     * them at MPI_Init and aborts the process on the JVM's first one: a rank died with "Caught signal 11" in
     * String.indexOf. Emptying UCX's list of error signals (and Open MPI's) before the library starts keeps the
     * JVM's handlers; a value the user set is left as it is.
     */
    private static void leaveTheJvmItsSignals() {
        com.sun.jna.Function setenv = NativeLibrary.getInstance("c").getFunction("setenv");
        setenv.invokeInt(new Object[] {"UCX_ERROR_SIGNALS", "", 0});
        setenv.invokeInt(new Object[] {"OMPI_MCA_opal_signal", "", 0});
        // a rank that reaches the step's MPI_Barrier first would otherwise busy-poll a core that its own readers
        // need while the other hosts finish their step: on 2 cores, 2 ranks of 4 lost 8 AU points to it (86 % vs
        // 94 % for one JVM of 8), with yielding 2 (91.8 % vs 94.0 %); the barrier costs microseconds either way
        setenv.invokeInt(new Object[] {"OMPI_MCA_mpi_yield_when_idle", "1", 0});
    }

    /**
     * The libraries to try, in order. The library must be the launcher's own: another MPI's MPI_Init would not
     * find its launcher and make every process a rank 0 of 1. Open MPI's mpirun sets {@code OMPI_*}
     * (libmpi.so.40); MPICH's hydra, and srun --mpi=pmi2, set {@code PMI_RANK} and {@code PMI_SIZE} without
     * them (libmpich.so.12, also MPICH's libmpi.so.12); anything else (srun --mpi=pmix) tries both families.
     * {@code JDLIO_MPI_LIBRARY} overrides the choice.
     */
    static List<String> candidates(Map<String, String> env) {
        String own = env.get("JDLIO_MPI_LIBRARY");
        if (own != null && !own.isBlank()) {
            return List.of(own.trim());
        }
        boolean openMpi = env.keySet().stream().anyMatch(k -> k.startsWith("OMPI_"));
        if (openMpi) {
            return List.of("libmpi.so.40", "mpi");
        }
        if (env.containsKey("PMI_RANK") || env.containsKey("PMI_SIZE")) {
            return List.of("libmpich.so.12", "libmpi.so.12", "mpich");
        }
        return List.of("mpi", "libmpi.so.40", "libmpich.so.12", "libmpi.so.12");
    }

    private static Handles handles(NativeLibrary lib) {
        Pointer world;
        try {
            world = lib.getGlobalVariableAddress("ompi_mpi_comm_world");
        } catch (UnsatisfiedLinkError e) {
            world = null;
        }
        if (world != null) {
            return new Handles("Open MPI", world, lib.getGlobalVariableAddress("ompi_mpi_double"),
                    lib.getGlobalVariableAddress("ompi_mpi_byte"), lib.getGlobalVariableAddress("ompi_mpi_int"),
                    lib.getGlobalVariableAddress("ompi_mpi_op_sum"), lib.getGlobalVariableAddress("ompi_mpi_op_max"));
        }
        // MPICH's mpi.h: MPI_COMM_WORLD, MPI_DOUBLE, MPI_BYTE, MPI_INT, MPI_SUM, MPI_MAX
        return new Handles("MPICH", 0x44000000, 0x4c00080b, 0x4c00010d, 0x4c000405, 0x58000003, 0x58000001);
    }

    /** Calls {@code name} and fails with one line when it returns anything but MPI_SUCCESS (0). */
    void call(String name, Object... args) {
        int rc = library.getFunction(name).invokeInt(args);
        if (rc != 0) {
            throw new ClusterException(name + " returned MPI error " + rc);
        }
    }

    Function function(String name) {
        return library.getFunction(name);
    }
}
