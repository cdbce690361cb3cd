package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar under Open MPI's mpirun on loopback, several ranks on this one host as on a fat node: each rank a
 * JVM running its share of the accelerators. A run across ranks must give what one JVM with as many
 * accelerators gives (file names, which rank read which samples, summary keys), and a rank that dies must end
 * every rank. Skipped, saying why, where mpirun is not installed (scripts/install-test-deps installs it).
 */
class MpiIT {
    private static final Path JAR = Path.of(System.getProperty("jdlio.jar", "target/benchmarks.jar")).toAbsolutePath();
    private static final Pattern SAMPLES = Pattern.compile("\\[jdlio] samples (\\S+) epoch (-?\\d+) rank (\\d+):(.*)$",
            Pattern.MULTILINE);
    /** A tiny training run: 32 samples, 4 accelerators, 2 steps of batch 4 per epoch, one warmup and one epoch. */
    private static final String TRAIN = "dataset.num_files_train=32;reader.read_threads=1;train.computation_time=0.005";

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    @BeforeAll
    static void mpirunInstalled() {
        Assumptions.assumeTrue(mpirun().isPresent(), "mpirun is not installed: the MPI tests need Open MPI "
                + "(apt-get install openmpi-bin libopenmpi-dev, as scripts/install-test-deps does)");
    }

    private static Optional<String> mpirun() {
        return onPath("mpirun");
    }

    /** MPICH's launcher (hydra), installed beside Open MPI under this name by Debian's mpich. */
    private static Optional<String> mpiexecMpich() {
        return onPath("mpiexec.mpich");
    }

    private static Optional<String> onPath(String name) {
        for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(p, name))) {
                return Optional.of(Path.of(p, name).toString());
            }
        }
        return Optional.empty();
    }

    private List<String> java(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // this test's own tmpdir: JMH's lock (one per rank below it) is not the machine's
        cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jvm-tmp")));
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** {@code ranks} JVMs under mpirun; a thread binding would give each rank's JVM a single core. */
    private Process startMpi(int ranks, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(mpirun().orElseThrow(), "--allow-run-as-root", "--oversubscribe",
                "--bind-to", "none", "-np", String.valueOf(ranks)));
        cmd.addAll(java(args));
        return start(cmd, env, "mpi" + ranks);
    }

    private Process start(List<String> cmd, Map<String, String> env, String name) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
        pb.environment().putAll(env);
        return pb.start();
    }

    private Run finish(Process p, String name) throws Exception {
        if (!p.waitFor(4, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError(name + " did not end within 4 minutes: " + read(name + ".out"));
        }
        return new Run(p.exitValue(), read(name + ".out"), read(name + ".err"));
    }

    private String read(String name) throws Exception {
        return Files.readString(dir.resolve(name), StandardCharsets.UTF_8);
    }

    private Run mpi(int ranks, String... args) throws Exception {
        return finish(startMpi(ranks, Map.of("JDLIO_SAMPLE_LOG", "1"), args), "mpi" + ranks);
    }

    private Run single(String... args) throws Exception {
        return finish(start(java(args), Map.of("JDLIO_SAMPLE_LOG", "1"), "single"), "single");
    }

    /** Epoch, split and rank to the samples that rank read, in order, from JDLIO_SAMPLE_LOG's lines. */
    private static Map<String, String> samples(String out) {
        Map<String, String> m = new TreeMap<>();
        Matcher x = SAMPLES.matcher(out);
        while (x.find()) {
            m.put(x.group(1) + " epoch " + x.group(2) + " rank " + x.group(3), x.group(4).trim());
        }
        return m;
    }

    private static TreeSet<String> files(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("."))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    /** Every key path of a JSON tree (list elements not descended into): the shape both runs must share. */
    private static TreeSet<String> keys(JsonNode n, String prefix, TreeSet<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(prefix + e.getKey());
            keys(e.getValue(), prefix + e.getKey() + ".", out);
        }
        return out;
    }

    private static JsonNode json(Path p) throws Exception {
        return new ObjectMapper().readTree(p.toFile());
    }

    @Test
    void twoRanksOfTwoAcceleratorsTrainAsOneJvmOfFour() throws Exception {
        // the first run generates the dataset across both ranks, each its share of the files
        Run mpi = mpi(2, "-p", "config=default_tiny.yaml", "-p", "accelerators=2", "-p",
                "overrides=" + TRAIN + ";output.folder=two", "-wi", "1", "-i", "1");
        assertEquals(0, mpi.code(), mpi.all());
        trainsAsOneJvmOfFour(mpi);
    }

    @Test
    void underMpichTwoRanksOfTwoAcceleratorsTrainAsOneJvmOfFour() throws Exception {
        Assumptions.assumeTrue(mpiexecMpich().isPresent(), "mpiexec.mpich is not installed: this test needs MPICH "
                + "beside Open MPI (apt-get install mpich libmpich-dev, as scripts/install-test-deps does)");
        // MPICH's hydra: PMI_RANK and PMI_SIZE, no OMPI_*, so jdlio loads MPICH's library, not Open MPI's
        List<String> cmd = new ArrayList<>(List.of(mpiexecMpich().orElseThrow(), "-n", "2"));
        cmd.addAll(java("-p", "config=default_tiny.yaml", "-p", "accelerators=2", "-p",
                "overrides=" + TRAIN + ";output.folder=two", "-wi", "1", "-i", "1"));
        Run mpi = finish(start(cmd, Map.of("JDLIO_SAMPLE_LOG", "1"), "mpich"), "mpich");
        assertEquals(0, mpi.code(), mpi.all());
        trainsAsOneJvmOfFour(mpi);
    }

    /** {@code mpi}, a run of 2 ranks of 2 accelerators into "two", did what one JVM of 4 does into "one". */
    private void trainsAsOneJvmOfFour(Run mpi) throws Exception {
        Run one = single("-p", "config=default_tiny.yaml", "-p", "accelerators=4", "-p",
                "overrides=" + TRAIN + ";output.folder=one", "-f", "1", "-wi", "1", "-i", "1");
        assertEquals(0, one.code(), one.all());
        assertTrue(one.out().contains("(0 files written, 36 reused)"), "the ranks wrote the whole dataset: "
                + one.out());

        // what each host prints: its share, and where its figures went
        assertTrue(mpi.out().contains("[jdlio] rank 0 of 2 (accelerators 0-1) on host "), mpi.out());
        assertTrue(mpi.out().contains("[jdlio] rank 1 of 2 (accelerators 2-3) on host "), mpi.out());
        assertTrue(mpi.out().contains("its accelerators' figures went to rank 0, which writes the outputs"), mpi.out());
        assertTrue(mpi.out().contains("[METRIC] Number of Simulated Accelerators: 4"), mpi.out());

        Map<String, String> acrossRanks = samples(mpi.out());
        assertEquals(samples(one.out()), acrossRanks, "every rank reads the samples it reads in one JVM");
        // 4 ranks: training in the warmup and the measured epoch, evaluation after the measured one
        assertEquals(12, acrossRanks.size(), acrossRanks.toString());

        Path two = dir.resolve("two");
        assertEquals(files(dir.resolve("one")), files(two));
        assertTrue(files(two).containsAll(List.of("0_output.json", "3_output.json", "3_per_epoch_stats.json",
                "summary.json")), files(two).toString());
        JsonNode s1 = json(dir.resolve("one/summary.json"));
        JsonNode s2 = json(two.resolve("summary.json"));
        assertEquals(keys(s1, "", new TreeSet<>()), keys(s2, "", new TreeSet<>()));
        assertEquals(4, s2.get("num_accelerators").asInt());
        assertEquals(1, s2.get("num_hosts").asInt(), "both ranks are on this host");
        assertEquals(2, s2.get("host_cpu_count").size(), "one entry per rank's host");
        assertEquals(keys(json(dir.resolve("one/3_output.json")), "", new TreeSet<>()),
                keys(json(two.resolve("3_output.json")), "", new TreeSet<>()));
        assertEquals(4, s2.get("jdlio").get("read_latency_ms").get("ranks").size(), "every rank's read latencies");
        // every accelerator read its 8 samples in the measured epoch: the bytes of all four are summed
        assertEquals(json(dir.resolve("one/summary.json")).get("jdlio").get("train_bytes_read").toString(),
                s2.get("jdlio").get("train_bytes_read").toString());
    }

    @Test
    void fourRanksGenerateTheFilesOneJvmGenerates() throws Exception {
        Run mpi = mpi(4, "generate", "default_tiny.yaml", "++workload.dataset.data_folder=g4",
                "++workload.dataset.num_files_train=37");
        assertEquals(0, mpi.code(), mpi.all());
        assertTrue(mpi.out().contains("generated 41 files"), "the ranks' counts are summed: " + mpi.out());
        Run one = single("generate", "default_tiny.yaml", "++workload.dataset.data_folder=g1",
                "++workload.dataset.num_files_train=37");
        assertEquals(0, one.code(), one.all());
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (Path root : List.of(dir.resolve("g1"), dir.resolve("g4"))) {
            try (Stream<Path> s = Files.walk(root)) {
                for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                    String name = root.relativize(p).toString();
                    if (!name.equals(".jdlio-ledger")) {
                        (root.endsWith("g1") ? a : b).add(name + " " + Files.size(p) + " "
                                + java.util.Arrays.hashCode(Files.readAllBytes(p)));
                    }
                }
            }
        }
        assertEquals(a, b, "the same files with the same bytes, and a manifest marked complete");
        assertTrue(read("mpi4.out").contains("generated") && Files.readString(dir.resolve("g4/.jdlio-manifest"))
                .contains("complete=true"));
        // every file is in rank 0's ledger, so a rerun reuses them all
        Run again = mpi(4, "generate", "default_tiny.yaml", "++workload.dataset.data_folder=g4",
                "++workload.dataset.num_files_train=37");
        assertEquals(0, again.code(), again.all());
        assertTrue(again.out().contains("generated 0 files (0.000 GiB)") && again.out().contains("reused 41"),
                again.out());
    }

    @Test
    void checkpointOnlyAcrossTwoRanks() throws Exception {
        String small = "model.num_layers=2;model.transformer.hidden_size=256;model.transformer.ffn_hidden_size=512;"
                + "model.transformer.vocab_size=1000;checkpoint.num_checkpoints_write=1;checkpoint.num_checkpoints_read=1";
        Run mpi = mpi(2, "-p", "config=llama3_8b_smoke.yaml", "-p", "accelerators=2", "-p",
                "overrides=" + small + ";output.folder=two", "-wi", "0", "-i", "1");
        assertEquals(0, mpi.code(), mpi.all());
        Run one = single("-p", "config=llama3_8b_smoke.yaml", "-p", "accelerators=4", "-p",
                "overrides=" + small + ";output.folder=one", "-f", "1", "-wi", "0", "-i", "1");
        assertEquals(0, one.code(), one.all());
        assertEquals(files(dir.resolve("one")), files(dir.resolve("two")));
        JsonNode s1 = json(dir.resolve("one/summary.json"));
        JsonNode s2 = json(dir.resolve("two/summary.json"));
        assertEquals(keys(s1, "", new TreeSet<>()), keys(s2, "", new TreeSet<>()));
        assertEquals(s1.get("metric").get("checkpoint_size_GB").asDouble(),
                s2.get("metric").get("checkpoint_size_GB").asDouble());
        // every rank's files moved, whichever host wrote them
        assertEquals(s1.get("jdlio").get("save_checkpoint_bytes").toString(),
                s2.get("jdlio").get("save_checkpoint_bytes").toString());
        assertEquals(s1.get("jdlio").get("load_checkpoint_bytes").toString(),
                s2.get("jdlio").get("load_checkpoint_bytes").toString());
        try (Stream<Path> s = Files.list(dir.resolve("checkpoints/llama3_8b_smoke"))) {
            assertEquals(List.of(), s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList(),
                    "rank 0 removes the run's checkpoints at the end");
        }
    }

    @Test
    void aRankKilledMidEpochEndsEveryRank() throws Exception {
        // 8 epochs of 2 steps of 0.5 s: long enough to be killed in the middle
        Process p = startMpi(2, Map.of("JDLIO_TEST_RUN", dir.toString()), "-p", "config=default_tiny.yaml", "-p",
                "accelerators=2", "-p", "overrides=dataset.num_files_train=32;train.computation_time=0.5", "-wi", "0",
                "-i", "8");
        long victim = -1;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (victim < 0 && System.nanoTime() < deadline && p.isAlive()) {
            victim = rankPid(p, 1, read("mpi2.out"));
            Thread.sleep(200);
        }
        assertTrue(victim > 0, "rank 1 started its epochs: " + read("mpi2.out") + read("mpi2.err"));
        Thread.sleep(1500);
        assertTrue(p.isAlive(), "still training when rank 1 is killed");
        long killed = System.nanoTime();
        new ProcessBuilder("kill", "-9", String.valueOf(victim)).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "every rank ends within 30 s of one being killed");
        double seconds = (System.nanoTime() - killed) / 1e9;
        Run r = new Run(p.exitValue(), read("mpi2.out"), read("mpi2.err"));
        assertNotEquals(0, r.code(), r.all());
        assertTrue(p.descendants().noneMatch(ProcessHandle::isAlive), "no rank left behind");
        String host = java.net.InetAddress.getLocalHost().getHostName();
        // one line names the rank and its host (mpirun's: the killed JVM cannot speak for itself)
        assertTrue(r.all().lines().anyMatch(l -> l.contains("rank 1") && l.contains(host) && l.contains("signal 9")),
                r.all());
        System.out.printf("every rank ended %.1f s after rank 1 was killed%n", seconds);
    }

    @Test
    void aFailureOnOneRankEndsEveryRankWithOneLineNamingIt() throws Exception {
        Run g = single("generate", "default_tiny.yaml", "++workload.dataset.num_files_train=32");
        assertEquals(0, g.code(), g.all());
        // accelerator 3, on MPI rank 1, reads samples 24..31 (no shuffling): their files lose their NPY magic
        List<Path> broken;
        try (Stream<Path> s = Files.walk(dir.resolve("data/default_tiny/train"))) {
            broken = s.filter(p -> p.getFileName().toString().matches("img_(2[4-9]|3[01])_of_32\\.npz")).toList();
        }
        assertEquals(8, broken.size(), broken.toString());
        for (Path p : broken) {
            byte[] bytes = Files.readAllBytes(p);
            int magic = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("NUMPY");
            System.arraycopy("XXXXX".getBytes(StandardCharsets.US_ASCII), 0, bytes, magic, 5);
            Files.write(p, bytes);
        }
        long start = System.nanoTime();
        Run r = mpi(2, "-p", "config=default_tiny.yaml", "-p", "accelerators=2", "-p",
                "overrides=dataset.num_files_train=32;reader.read_threads=1", "-wi", "0", "-i", "1");
        assertTrue(System.nanoTime() - start < 120e9, "no hang");
        assertNotEquals(0, r.code(), r.all());
        String host = java.net.InetAddress.getLocalHost().getHostName();
        List<String> lines = r.err().lines().filter(l -> l.startsWith("jdlio: rank")).toList();
        assertEquals(1, lines.size(), r.all());
        assertTrue(lines.get(0).startsWith("jdlio: rank 1 of 2 (accelerators 2-3) on host " + host + " failed: ")
                && lines.get(0).contains("_of_32.npz"), lines.get(0));
    }

    @Test
    void hostsWithDifferentAcceleratorCountsAreOneLine() throws Exception {
        // Open MPI's MPMD form: rank 0 runs 2 accelerators, rank 1 runs 3
        List<String> cmd = new ArrayList<>(List.of(mpirun().orElseThrow(), "--allow-run-as-root", "--oversubscribe",
                "--bind-to", "none", "-np", "1"));
        cmd.addAll(java("-p", "config=default_tiny.yaml", "-p", "accelerators=2", "-wi", "0", "-i", "1"));
        cmd.addAll(List.of(":", "-np", "1"));
        cmd.addAll(java("-p", "config=default_tiny.yaml", "-p", "accelerators=3", "-wi", "0", "-i", "1"));
        Run r = finish(start(cmd, Map.of(), "mpmd"), "mpmd");
        assertNotEquals(0, r.code(), r.all());
        assertTrue(r.err().lines().anyMatch(l -> l.startsWith("jdlio: rank ") && l.contains("other ranks run between 2 "
                + "and 3: every host must run the same number of accelerators")), r.all());
        assertTrue(!Files.exists(dir.resolve("data")), "nothing generated");
    }

    @Test
    void hostsMayRunDifferentCountsWhenTheConfigSaysSo() throws Exception {
        Run one = single("-p", "config=default_tiny.yaml", "-p", "accelerators=4", "-p",
                "overrides=" + TRAIN + ";output.folder=one", "-f", "1", "-wi", "1", "-i", "1");
        assertEquals(0, one.code(), one.all());
        // Open MPI's MPMD form: rank 0 runs 1 accelerator (global rank 0), rank 1 runs 3 (global ranks 1-3)
        String overrides = "overrides=" + TRAIN + ";output.folder=uneven;workflow.hosts_may_differ=True";
        List<String> cmd = new ArrayList<>(List.of(mpirun().orElseThrow(), "--allow-run-as-root", "--oversubscribe",
                "--bind-to", "none", "-np", "1"));
        cmd.addAll(java("-p", "config=default_tiny.yaml", "-p", "accelerators=1", "-p", overrides, "-wi", "1", "-i",
                "1"));
        cmd.addAll(List.of(":", "-np", "1"));
        cmd.addAll(java("-p", "config=default_tiny.yaml", "-p", "accelerators=3", "-p", overrides, "-wi", "1", "-i",
                "1"));
        Run r = finish(start(cmd, Map.of("JDLIO_SAMPLE_LOG", "1"), "uneven"), "uneven");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("[jdlio] rank 0 of 2 (accelerators 0-0) on host "), r.out());
        assertTrue(r.out().contains("[jdlio] rank 1 of 2 (accelerators 1-3) on host "), r.out());
        assertTrue(r.out().contains("[METRIC] Number of Simulated Accelerators: 4"), r.out());
        Map<String, String> acrossRanks = samples(r.out());
        assertEquals(samples(one.out()), acrossRanks, "every rank reads the samples it reads in one JVM");
        assertEquals(12, acrossRanks.size(), acrossRanks.toString());
        assertEquals(files(dir.resolve("one")), files(dir.resolve("uneven")));
        assertEquals(4, json(dir.resolve("uneven/summary.json")).get("num_accelerators").asInt());
    }

    /**
     * The pid of the JVM of MPI rank {@code rank} under {@code mpirun}, once it has started training (its
     * epochs' line is out), else -1: found by its environment, which Open MPI gives each rank.
     */
    private static long rankPid(Process mpirun, int rank, String out) throws Exception {
        if (!out.contains("rank " + rank + " of 2 (accelerators")) {
            return -1;
        }
        for (ProcessHandle h : mpirun.descendants().toList()) {
            Path env = Path.of("/proc", String.valueOf(h.pid()), "environ");
            try {
                String e = new String(Files.readAllBytes(env), StandardCharsets.UTF_8);
                if (List.of(e.split("\0")).contains("OMPI_COMM_WORLD_RANK=" + rank)
                        && h.info().command().map(c -> c.endsWith("java")).orElse(false)) {
                    return h.pid();
                }
            } catch (java.io.IOException gone) {
                // a process that ended meanwhile
            }
        }
        return -1;
    }
}
