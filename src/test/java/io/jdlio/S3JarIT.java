package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.storage.S3TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar against the S3 test server, as a user runs DLIO's own S3 config and a checkpoint workload. */
class S3JarIT {
    private static final Path JAR = Path.of(System.getProperty("jdlio.jar", "target/benchmarks.jar")).toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run jar(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("jvm-tmp")), "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(8, TimeUnit.MINUTES), "jar run timed out");
        return new Run(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    private static String everything(Path folder) throws Exception {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                b.append(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return b.toString();
    }

    /**
     * DLIO's dlio_unet3d_a100_s3.yaml, unchanged, shrunk and pointed at the test server by overrides; its
     * credentials in the YAML and the environment's never show in the console or the outputs.
     */
    @Test
    void dliosUnet3dS3ConfigGeneratesAndTrainsAndNoCredentialShows() throws Exception {
        String endpoint = S3TestServer.withBucket(S3TestServer.endpoint(), "s3pytorchconnector");
        Path config = dir.resolve("dlio_unet3d_a100_s3.yaml");
        Files.copy(Path.of("src/test/resources/dlio/dlio_unet3d_a100_s3.yaml"), config);
        Run r = jar(Map.of("AWS_SESSION_TOKEN", "token-from-env-0123"), "-p", "config=" + config, "-p",
                "overrides=storage.storage_options.endpoint_url=" + endpoint + ";dataset.num_files_train=8;"
                + "dataset.record_length_bytes=3145728;dataset.record_length_bytes_resize=1048576;train.epochs=1;"
                + "train.computation_time=0.01;reader.read_threads=2;reader.batch_size=2",
                "-f", "1", "-wi", "0", "-i", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[METRIC] Training Accelerator Utilization [AU] (%)"), r.out());
        Path output = dir.resolve("output");
        String config_ = everything(output);
        assertTrue(config_.contains("secret_access_key: '***'") || config_.contains("secret_access_key: \"***\"")
                || config_.contains("secret_access_key: ***"), "the resolved config masks the secret");
        for (String secret : List.of("secret-key", "token-from-env-0123")) {
            assertFalse((r.out() + r.err()).contains(secret), "console shows " + secret);
            assertFalse(config_.contains(secret), "outputs show " + secret);
        }
    }

    /** The checkpoint smoke workload saves and loads its checkpoints in the bucket. */
    @Test
    void checkpointsGoToTheBucket() throws Exception {
        String endpoint = S3TestServer.withBucket();
        Run r = jar(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test-secret-from-env"),
                "-p", "config=llama3_8b_smoke.yaml", "-p", "overrides=++storage.storage_type=s3;"
                + "++storage.storage_root=" + S3TestServer.BUCKET + ";++storage.storage_options.endpoint_url="
                + endpoint + ";checkpoint.checkpoint_folder=ckpt-jar;model.num_layers=2;"
                + "model.transformer.vocab_size=1000;model.transformer.hidden_size=256;"
                + "model.transformer.ffn_hidden_size=512;model.transformer.num_attention_heads=8",
                "-f", "1", "-wi", "0", "-i", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[METRIC] Checkpoint Save duration") && r.out().contains("[METRIC] Checkpoint Load"),
                r.out());
        assertFalse(Files.exists(dir.resolve("ckpt-jar")), "nothing written locally");
        assertFalse((r.out() + r.err() + everything(dir.resolve("output"))).contains("test-secret-from-env"));
        // the save trial's PUTs and the load trial's GETs, each timed, in the one summary the two forks write
        Path summary;
        try (Stream<Path> s = Files.walk(dir.resolve("output"))) {
            summary = s.filter(p -> p.endsWith("summary.json")).findFirst().orElseThrow();
        }
        com.fasterxml.jackson.databind.JsonNode s3 = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(summary.toFile()).path("jdlio").path("object_request_latency_ms").path("s3");
        for (String kind : List.of("put", "get", "get_first_byte")) {
            assertTrue(s3.path(kind).path("count").asLong() > 0 && s3.path(kind).path("p50").asDouble() > 0
                    && s3.path(kind).path("max").asDouble() >= s3.path(kind).path("p99").asDouble(), kind + ": " + s3);
        }
    }

    /**
     * Checkpoint writes are bounded in memory whatever the checkpoint or rank count: eight ranks save a
     * checkpoint several times larger than a 96 MiB heap, their parts in off-heap buffers the ranks share. The
     * SDK's output-stream upload this replaced kept every rank's pending writes in the heap and ended such a
     * save in an OutOfMemoryError. (Loads are left out: their read-ahead buffers are heap, up to 192 MiB.)
     */
    @Test
    void eightRanksSaveACheckpointLargerThanTheHeap() throws Exception {
        Run r = jar(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test"),
                "-p", "config=llama3_8b_smoke.yaml", "-p", "accelerators=8", "-p", "overrides=++storage.storage_type=s3;"
                + "++storage.storage_root=" + S3TestServer.BUCKET + ";++storage.storage_options.endpoint_url="
                + S3TestServer.withBucket() + ";++storage.storage_options.part_size=8388608;"
                + "checkpoint.checkpoint_folder=ckpt-heap;model.num_layers=1;checkpoint.num_checkpoints_write=1;"
                + "checkpoint.num_checkpoints_read=1",
                "-wi", "0", "-i", "1", "-jvmArgsAppend", "-Xmx96m", "-rf", "json", "-rff", "ckpt.json",
                "CheckpointBenchmark.save");
        assertEquals(0, r.code(), r.out() + r.err());
        com.fasterxml.jackson.databind.JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("ckpt.json").toFile());
        assertEquals(1, result.size(), "the save");
        double bytes = result.get(0).get("secondaryMetrics").get("bytes").get("score").asDouble();
        assertTrue(bytes > 3 * 96.0 * (1 << 20), "a checkpoint of " + bytes + " bytes");
    }

    /**
     * Through a proxy that tells three GETs of training data to slow down (S3's real 503 SlowDown): the run
     * completes and says how many requests it retried in the console's [METRIC] block, summary.json and JMH's
     * JSON; the secret given as an override reaches none of them.
     */
    @Test
    void retriesThroughAThrottlingProxyAreReportedAndTheOverridesSecretIsNot() throws Exception {
        try (io.jdlio.storage.FaultProxy proxy = new io.jdlio.storage.FaultProxy(S3TestServer.withBucket())) {
            String folder = "jar-retries-" + java.util.UUID.randomUUID();
            proxy.arm(io.jdlio.storage.FaultProxy.Fault.S3_SLOW_DOWN, 3, "GET", "/" + folder + "/train/");
            String secret = "override-secret-0123456789";
            Run r = jar(Map.of(), "-p", "config=default_tiny.yaml", "-p", "overrides=dataset.data_folder=" + folder
                    + ";train.epochs=1;train.computation_time=0;evaluation.eval_time=0;workflow.evaluation=False",
                    "++storage.storage_type=s3", "++storage.storage_root=" + S3TestServer.BUCKET,
                    "++storage.storage_options.endpoint_url=" + proxy.endpoint(),
                    "++storage.storage_options.access_key_id=test",
                    "++storage.storage_options.secret_access_key=" + secret,
                    "-f", "1", "-wi", "0", "-i", "1", "-rf", "json", "-rff", "result.json");
            assertEquals(0, r.code(), r.out() + r.err());
            assertEquals(3, proxy.faulted(), () -> String.join("\n", proxy.seen()));
            assertTrue(r.out().contains("[METRIC] Storage requests retried: 3 (throttled 3)"), r.out());
            String outputs = everything(dir.resolve("output"));
            assertTrue(outputs.matches("(?s).*\"storage_retries\"\\s*:\\s*\\{\\s*\"total\"\\s*:\\s*3,.*"), outputs);
            String json = Files.readString(dir.resolve("result.json"));
            assertTrue(json.contains("\"storage_retries\""), json);
            assertTrue(json.contains("secret_access_key=***"), json);
            assertFalse((r.out() + r.err() + everything(dir)).contains(secret), "the secret shows");
        }
    }
}
