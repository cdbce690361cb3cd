package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jdlio.storage.AzureBlobStorage;
import io.jdlio.storage.AzureCredentials;
import io.jdlio.storage.AzureLocation;
import io.jdlio.storage.AzureSettings;
import io.jdlio.storage.Azurite;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shaded jar generating, training and checkpointing on Azure Blob (Azurite, a real Blob service on 127.0.0.1),
 * credentials given as a user gives them: in the environment, never on the command line.
 */
class AzureJarIT {
    private static final Path JAR = Path.of(System.getProperty("jdlio.jar", "target/benchmarks.jar")).toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run jar(String connectionString, String... args) throws Exception {
        return jar(List.of(), connectionString, args);
    }

    private Run jar(List<String> jvm, String connectionString, String... args) throws Exception {
        Process p = start(jvm, connectionString, args);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "jar run timed out: " + String.join(" ", args));
        return finished(p);
    }

    private Run finished(Process p) throws IOException {
        return new Run(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    private Process start(String connectionString, String... args) throws Exception {
        return start(List.of(), connectionString, args);
    }

    private Process start(List<String> jvm, String connectionString, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jvm-tmp")));
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("AZURE_"));
        pb.environment().put("AZURE_STORAGE_CONNECTION_STRING", connectionString);
        return pb.start();
    }

    private final List<String> containers = new ArrayList<>();

    private String freshContainer() {
        String c = "az://" + Azurite.ACCOUNT + "/j" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        containers.add(c);
        return c;
    }

    /** Empties this test's containers: Azurite keeps blobs in memory, capped for the whole suite. */
    @AfterEach
    void emptyContainers() throws IOException {
        for (String c : containers) {
            try (AzureBlobStorage s = Azurite.storage(c, AzureSettings.defaults())) {
                s.deleteFolder("");
            }
        }
    }

    /** Nothing the run printed or wrote names the account key. */
    private void assertNoCredential(Run r) throws IOException {
        assertFalse(r.out().contains(Azurite.KEY) || r.err().contains(Azurite.KEY), "the key was printed");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(Azurite.KEY), "the key is in " + f);
            }
        }
    }

    static Stream<Arguments> smokeWorkloads() {
        String fast = "train.epochs=1;train.computation_time=0";
        return Stream.of(
                Arguments.of("default_tiny.yaml", fast + ";evaluation.eval_time=0"),
                Arguments.of("default_tiny.yaml", fast + ";evaluation.eval_time=0;dataset.format=npy"),
                Arguments.of("default_tiny.yaml", fast + ";evaluation.eval_time=0;dataset.format=csv"),
                Arguments.of("default_tiny.yaml", fast + ";evaluation.eval_time=0;dataset.format=png"),
                Arguments.of("unet3d_smoke.yaml", fast + ";dataset.num_files_train=4;dataset.record_length_bytes=1048576;"
                        + "dataset.record_length_bytes_stdev=262144;dataset.record_length_bytes_resize=262144;"
                        + "reader.batch_size=2;reader.read_threads=2;model.model_size=4194304;"
                        + "checkpoint.checkpoint_after_epoch=1"),
                Arguments.of("bert_smoke.yaml", "train.computation_time=0;dataset.num_files_train=2;"
                        + "dataset.num_samples_per_file=128;reader.batch_size=16;train.total_training_steps=8;"
                        + "checkpoint.steps_between_checkpoints=4;model.model_size_bytes=1048576"),
                Arguments.of("cosmoflow_smoke.yaml", fast + ";dataset.num_files_train=8;dataset.record_length_bytes=262144"),
                Arguments.of("resnet50_smoke.yaml", fast + ";dataset.num_files_train=2;dataset.num_samples_per_file=32;"
                        + "reader.batch_size=16;reader.read_threads=2"),
                Arguments.of("dlrm_smoke.yaml", fast + ";dataset.num_samples_per_file=256;dataset.record_length_bytes=4096"),
                Arguments.of("flux_smoke.yaml", fast + ";dataset.num_files_train=2;dataset.num_samples_per_file=8;"
                        + "dataset.record_length_bytes=65536"),
                Arguments.of("hdf5_smoke.yaml", fast + ";dataset.num_files_train=4;dataset.num_samples_per_file=8"),
                Arguments.of("retinanet_smoke.yaml", fast + ";dataset.num_files_train=16;dataset.record_length_bytes=32768;"
                        + "reader.batch_size=8;reader.read_threads=2"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("smokeWorkloads")
    void everyFormatsSmokeWorkloadGeneratesAndTrainsOnAzureBlob(String config, String overrides) throws Exception {
        String container = freshContainer();
        String all = overrides + ";dataset.data_folder=" + container + "/data;checkpoint.checkpoint_folder="
                + container + "/checkpoints";
        List<String> gen = new ArrayList<>(List.of("generate", config));
        gen.addAll(List.of(all.split(";")));
        Run g = jar(Azurite.connectionString(), gen.toArray(String[]::new));
        assertEquals(0, g.code(), g.out() + g.err());
        assertNoCredential(g);
        Run r = jar(Azurite.connectionString(), "-p", "config=" + config, "-p", "overrides=" + all,
                "-f", "1", "-wi", "0", "-i", "1", "-rf", "json", "-rff", "result.json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Training I/O Throughput"), r.out());
        assertNoCredential(r);
    }

    /**
     * An account key given as an override, with storage_type azure and the container as storage_root, reaches
     * the forks (Azurite checks it: the right key trains, a wrong one is refused) but never the console, JMH's
     * parameters and JSON, or any file the run leaves (the forks' hidden-values file is gone at the end).
     */
    @Test
    void anAccountKeyGivenAsAnOverrideAuthenticatesButIsNeverShown() throws Exception {
        String container = freshContainer().substring(("az://" + Azurite.ACCOUNT + "/").length());
        containers.set(containers.size() - 1, "az://" + Azurite.ACCOUNT + "/" + container);
        String wrong = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        List<String> args = new ArrayList<>(List.of("-p", "config=default_tiny.yaml", "-p",
                "overrides=train.epochs=1;train.computation_time=0;evaluation.eval_time=0;dataset.data_folder=data",
                "++storage.storage_type=azure", "++storage.storage_root=" + container,
                "++storage.storage_options.account_name=" + Azurite.ACCOUNT,
                "++storage.storage_options.endpoint_url=" + Azurite.endpoint(),
                "-f", "1", "-wi", "0", "-i", "1", "-rf", "json", "-rff", "result.json"));
        args.add("++storage.storage_options.account_key=" + wrong);
        Run refused = jar("", args.toArray(String[]::new));
        assertEquals(2, refused.code(), refused.out() + refused.err());
        assertTrue(refused.err().contains("HTTP 403") && refused.err().contains(Azurite.endpoint()), refused.err());
        assertFalse((refused.out() + refused.err()).contains(wrong), "the wrong key was printed");
        args.set(args.size() - 1, "++storage.storage_options.account_key=" + Azurite.KEY);
        Run r = jar("", args.toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("Training I/O Throughput"), r.out());
        assertTrue(r.out().contains("account_key=***"), "JMH's parameters show the mask: " + r.out());
        String json = Files.readString(dir.resolve("result.json"));
        assertTrue(json.contains("account_key=***"), json);
        try (Stream<Path> files = Files.walk(dir.resolve("jvm-tmp"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("jdlio-secrets")),
                    "the hidden-values file is removed");
        }
        assertNoCredential(r);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(wrong), "the wrong key is in " + f);
            }
        }
    }

    @Test
    void checkpointSmokeWorkloadSavesAndLoadsOnAzureBlob() throws Exception {
        String container = freshContainer();
        Run r = jar(Azurite.connectionString(), "-p", "config=llama3_8b_smoke.yaml", "-p", "overrides=model.num_layers=2;"
                + "model.transformer.vocab_size=1000;model.transformer.hidden_size=256;"
                + "model.transformer.ffn_hidden_size=512;model.transformer.num_attention_heads=8;"
                + "checkpoint.checkpoint_folder=" + container + "/ckpt", "-f", "1", "-wi", "0", "-i", "1",
                "-rf", "json", "-rff", "ckpt.json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[METRIC] Checkpoint Save duration") && r.out().contains("[METRIC] Checkpoint Load"),
                r.out());
        assertTrue(r.out().contains("checkpoints: written in " + container + "/ckpt "), "named as the URI it is: " + r.out());
        assertNoCredential(r);
    }

    /**
     * Blocks in flight are bounded: a 192 MiB sample goes up from a 96 MiB heap, and its blob has every byte. On
     * an Azurite of its own, so the shared one's in-memory cap is left to the other tests.
     */
    @Test
    void aSampleLargerThanTheHeapIsUploadedWithBoundedMemory() throws Exception {
        try (OwnAzurite server = new OwnAzurite(Files.createTempFile("azurite", ".log"))) {
            server.start();
            String container = "az://" + Azurite.ACCOUNT + "/big";
            Run g = jar(List.of("-Xmx96m"), server.connectionString(), "generate", "unet3d_smoke.yaml",
                    "dataset.data_folder=" + container + "/data", "dataset.num_files_train=1",
                    "dataset.record_length_bytes=201326592", "dataset.record_length_bytes_stdev=0",
                    "++storage.storage_options.part_size=4194304", "++storage.storage_options.max_concurrency=4");
            assertEquals(0, g.code(), g.out() + g.err());
            try (AzureBlobStorage s = new AzureBlobStorage(AzureLocation.parse(container), AzureCredentials
                    .connectionString(server.connectionString()), AzureSettings.defaults())) {
                List<String> blobs = s.walk("data").stream().filter(b -> b.endsWith(".npz")).toList();
                assertEquals(1, blobs.size(), blobs::toString);
                long size = s.size("data/" + blobs.get(0)).getAsLong();
                assertTrue(size > 100 << 20, blobs + ": " + size);
            }
        }
    }

    @Test
    void noServerAtTheEndpointIsOneLineAndExitCodeTwo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + port + "/" + Azurite.ACCOUNT;
        long start = System.nanoTime();
        Run r = jar("DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey=" + Azurite.KEY
                + ";BlobEndpoint=" + endpoint + ";", "generate", "default_tiny.yaml",
                "dataset.data_folder=az://" + Azurite.ACCOUNT + "/gone/tiny");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(2, r.code(), r.out() + r.err());
        String line = r.err().strip();
        assertFalse(line.contains("\n"), line);
        assertTrue(line.startsWith("jdlio: az://" + Azurite.ACCOUNT + "/gone/tiny") && line.contains(endpoint), line);
        assertTrue(seconds < 30, "ended after " + seconds + " s");
        assertNoCredential(r);
    }

    /** An Azurite of this test's own, on a port it keeps across a restart, so it can be killed mid-run. */
    private static final class OwnAzurite implements AutoCloseable {
        private final Path bin = Path.of("tools/azurite/node_modules/.bin/azurite-blob").toAbsolutePath();
        private final int port;
        private final Path log;
        private Process process;

        OwnAzurite(Path log) throws IOException {
            assumeTrue(Files.isExecutable(bin), "no Azurite in tools/azurite: run scripts/install-test-deps");
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            this.log = log;
        }

        String endpoint() {
            return "http://127.0.0.1:" + port + "/" + Azurite.ACCOUNT;
        }

        String connectionString() {
            return "DefaultEndpointsProtocol=http;AccountName=" + Azurite.ACCOUNT + ";AccountKey=" + Azurite.KEY
                    + ";BlobEndpoint=" + endpoint() + ";";
        }

        void start() throws Exception {
            process = new ProcessBuilder(bin.toString(), "--blobHost", "127.0.0.1", "--blobPort", String.valueOf(port),
                    "--inMemoryPersistence", "--extentMemoryLimit", "512", "--disableTelemetry", "--skipApiVersionCheck",
                    "--loose").redirectErrorStream(true).redirectOutput(log.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                    return;
                } catch (IOException notYet) {
                    assertTrue(process.isAlive(), () -> "Azurite exited: " + read(log));
                    Thread.sleep(100);
                }
            }
            throw new AssertionError("Azurite did not answer within 30 s: " + read(log));
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                kill();
            }
        }

        private static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                return e.toString();
            }
        }
    }

    @Test
    void aServerKilledMidGenerationIsOneLineWithinSecondsAndTheRerunCompletes() throws Exception {
        try (OwnAzurite server = new OwnAzurite(Files.createTempFile("azurite", ".log"))) {
            server.start();
            String container = "az://" + Azurite.ACCOUNT + "/killed";
            String[] generate = {"generate", "unet3d_smoke.yaml", "dataset.data_folder=" + container + "/data",
                "dataset.num_files_train=48", "dataset.record_length_bytes=2097152", "dataset.record_length_bytes_stdev=0",
                "reader.read_threads=2"};
            Process p = start(server.connectionString(), generate);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            try (AzureBlobStorage s = new AzureBlobStorage(AzureLocation.parse(container), AzureCredentials
                    .connectionString(server.connectionString()), AzureSettings.defaults())) {
                while (s.walk("data").size() < 3 && p.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
            }
            assertTrue(p.isAlive(), () -> "generation ended before the server was killed: " + finishedQuietly(p));
            server.kill();
            long killed = System.nanoTime();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "generation did not end after its server died");
            double seconds = (System.nanoTime() - killed) / 1e9;
            Run r = finished(p);
            assertEquals(2, r.code(), r.out() + r.err());
            assertTrue(seconds < 15, "ended " + seconds + " s after the server died");
            String line = r.err().strip();
            assertFalse(line.contains("\n"), "one line: " + r.err());
            assertTrue(line.contains(server.endpoint()) && line.contains(container + "/data/"), line);
            assertNoCredential(r);

            server.start();
            Run again = jar(server.connectionString(), generate);
            assertEquals(0, again.code(), again.out() + again.err());
            try (AzureBlobStorage s = new AzureBlobStorage(AzureLocation.parse(container), AzureCredentials
                    .connectionString(server.connectionString()), AzureSettings.defaults())) {
                List<String> blobs = s.walk("data").stream().filter(b -> b.endsWith(".npz")).toList();
                assertEquals(48, blobs.size(), blobs::toString);
                OptionalLong first = s.size("data/" + blobs.get(0));
                for (String b : blobs) {
                    assertEquals(first, s.size("data/" + b), b + " has the size of every other file (stdev 0)");
                }
                assertTrue(first.getAsLong() > 2097152, "each npz holds its 2 MiB sample: " + first);
            }
        }
    }

    private String finishedQuietly(Process p) {
        try {
            return finished(p).toString();
        } catch (IOException e) {
            return e.toString();
        }
    }

}
