package io.jdlio.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which launches are MPI launches: any other run stays on one host, with no MPI library loaded. */
class ClustersTest {
    @Test
    void aRunWithoutAnMpiLaunchIsOneHostAndLoadsNoLibrary() {
        // JDLIO_MPI_LIBRARY names a library that does not exist: loading any would fail this test
        assertSame(Cluster.LOCAL, Clusters.choose(Map.of("JDLIO_MPI_LIBRARY", "/nonexistent/libmpi.so")));
        assertSame(Cluster.LOCAL, Clusters.choose(Map.of("OMPI_COMM_WORLD_SIZE", "1", "OMPI_COMM_WORLD_RANK", "0",
                "JDLIO_MPI_LIBRARY", "/nonexistent/libmpi.so")));
        // an sbatch script's environment without srun's PMIx is not a launch either
        assertSame(Cluster.LOCAL, Clusters.choose(Map.of("SLURM_NTASKS", "4", "JDLIO_MPI_LIBRARY", "/nonexistent")));
    }

    @Test
    void openMpiMpichAndSlurmLaunchesAreRecognised() {
        assertEquals(4, Clusters.launchSize(Map.of("OMPI_COMM_WORLD_SIZE", "4")));
        assertEquals(3, Clusters.launchRank(Map.of("OMPI_COMM_WORLD_RANK", "3")));
        assertEquals(2, Clusters.launchSize(Map.of("PMI_SIZE", "2", "PMI_RANK", "1")));
        assertEquals(1, Clusters.launchRank(Map.of("PMI_SIZE", "2", "PMI_RANK", "1")));
        assertEquals(8, Clusters.launchSize(Map.of("PMIX_RANK", "5", "SLURM_NTASKS", "8")));
        assertEquals(1, Clusters.launchSize(Map.of()));
        assertEquals(0, Clusters.launchRank(Map.of()));
    }

    @Test
    void theLibraryIsTheLaunchersOwn() {
        // Open MPI's mpirun: its libmpi.so.40 first, even where MPICH is installed too
        assertEquals("libmpi.so.40", MpiLibrary.candidates(Map.of("OMPI_COMM_WORLD_SIZE", "2",
                "OMPI_COMM_WORLD_RANK", "0", "PMIX_RANK", "0")).get(0));
        // MPICH's hydra (or srun --mpi=pmi2): MPICH's library, never Open MPI's, which would make a rank 0 of 1
        assertEquals(java.util.List.of("libmpich.so.12", "libmpi.so.12", "mpich"),
                MpiLibrary.candidates(Map.of("PMI_SIZE", "2", "PMI_RANK", "1")));
        // srun --mpi=pmix could be either family
        assertEquals(java.util.List.of("mpi", "libmpi.so.40", "libmpich.so.12", "libmpi.so.12"),
                MpiLibrary.candidates(Map.of("PMIX_RANK", "1", "SLURM_NTASKS", "2")));
        // the user's choice wins
        assertEquals(java.util.List.of("/opt/mpi/lib/libmpi.so"), MpiLibrary.candidates(Map.of("PMI_SIZE", "2",
                "JDLIO_MPI_LIBRARY", "/opt/mpi/lib/libmpi.so")));
    }

    @Test
    void anMpiLaunchWhoseLibraryIsMissingSaysWhatToInstall() {
        ClusterException e = org.junit.jupiter.api.Assertions.assertThrows(ClusterException.class,
                () -> Clusters.choose(Map.of("OMPI_COMM_WORLD_SIZE", "2", "JDLIO_MPI_LIBRARY", "/nonexistent/libmpi.so")));
        assertEquals("this process runs under MPI but no MPI library loads (tried [/nonexistent/libmpi.so]); install "
                + "your MPI's runtime library, or name it with JDLIO_MPI_LIBRARY=/path/to/libmpi.so", e.getMessage());
    }

    @Test
    void rank0sObjectStoreSettingsFillInWhatARankLacksAndNothingElse() {
        byte[] rank0 = SharedEnvironment.encode(Map.of("AWS_ENDPOINT_URL", "http://10.0.0.1:9000",
                "AWS_ACCESS_KEY_ID", "key0", "AWS_SECRET_ACCESS_KEY", "secret0", "HOME", "/root", "PATH", "/bin"));
        Map<String, String> merged = SharedEnvironment.merge(Map.of("AWS_ACCESS_KEY_ID", "own", "HOME", "/home/r1"),
                rank0);
        assertEquals("http://10.0.0.1:9000", merged.get("AWS_ENDPOINT_URL"), "missing here: rank 0's");
        assertEquals("secret0", merged.get("AWS_SECRET_ACCESS_KEY"));
        assertEquals("own", merged.get("AWS_ACCESS_KEY_ID"), "a rank's own value wins");
        assertEquals("/home/r1", merged.get("HOME"));
        assertEquals(null, merged.get("PATH"), "only the object stores' variables travel");
    }

    @Test
    void oneHostsCollectivesAreItsOwnValues() {
        Cluster c = Cluster.LOCAL;
        assertArrayEquals(new double[] {1, 2}, c.sum(new double[] {1, 2}));
        assertArrayEquals(new double[] {3}, c.max(new double[] {3}));
        assertEquals(1, c.allGather(new byte[] {7}).length);
        c.fail("nothing ends");
    }
}
