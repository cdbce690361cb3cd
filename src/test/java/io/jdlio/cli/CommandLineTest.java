package io.jdlio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.ConfigException;
import io.jdlio.config.ConfigLocator;
import io.jdlio.config.Overrides;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher explains itself, takes DLIO's override form, and points at the workload a typo meant. */
class CommandLineTest {
    @TempDir
    Path dir;

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, Launcher.run(args, out, out));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpAndABareInvocationPrintJdliosUsageWithTheBundledWorkloads() throws Exception {
        for (String[] args : List.of(new String[0], new String[] {"help"}, new String[] {"--help"})) {
            String out = run(args);
            assertTrue(out.startsWith("jdlio: DLIO"), Arrays.toString(args) + ": " + out);
            for (String s : List.of("validate <workload>", "generate <workload>", "-p config=", "accelerators",
                    "++workload.", "output/<model>/<run>/", "'.*'", "default_tiny.yaml", "unet3d_smoke.yaml", " -h ")) {
                assertTrue(out.contains(s), s + " missing: " + out);
            }
        }
        assertEquals(new java.util.TreeSet<>(ConfigLocator.bundled()), new java.util.TreeSet<>(List.of(
                Path.of("workloads").toFile().list((d, n) -> n.endsWith(".yaml")))), "listed from the resources");
        String verb = run("validate", "--help");
        assertTrue(verb.startsWith("Usage: java -jar target/benchmarks.jar validate <workload>"), verb);
        assertTrue(run("generate", "-h").contains("generate <workload>"));
    }

    @Test
    void hydraArgumentsBecomeOneOverridesParameterWithoutCommas() {
        List<String> a = new ArrayList<>(List.of("-p", "config=x.yaml", "-p", "overrides=a=1;b=2,c=3"));
        List<String> values = Launcher.withOverrides(a, List.of("a=1;b=2", "c=3"),
                List.of("++workload.model.layer_parameters=[4096,16384]", "x.y=1"));
        assertEquals(List.of("-p", "config=x.yaml", "-p", "overrides=a=1;b=2;++workload.model.layer_parameters="
                + "[4096%2C16384];x.y=1,c=3;++workload.model.layer_parameters=[4096%2C16384];x.y=1"), a);
        assertEquals(List.of("a=1", "b=2", "++workload.model.layer_parameters=[4096,16384]", "x.y=1"),
                Overrides.split(values.get(0)));
        assertEquals(List.of("k=50%;;"), Overrides.split(Overrides.encode("k=50%;;")));
    }

    @Test
    void prepareJmhTakesHydraArgumentsOutOfThePattern() throws Exception {
        Path config = TestYaml.workload()
                .set("workflow.train", false)
                .set("workflow.generate_data", true)
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 2)
                .set("dataset.data_folder", dir.resolve("data"))
                .writeTo(dir.resolve("w.yaml"));
        String[] jmh = Launcher.prepareJmh(new String[] {"-p", "config=" + config, "++workload.dataset.num_files_train=3",
                "dataset.record_dims=[2,3]"}, new PrintStream(new ByteArrayOutputStream()));
        List<String> a = List.of(jmh);
        assertTrue(a.contains("overrides=++workload.dataset.num_files_train=3;dataset.record_dims=[2%2C3]"), a::toString);
        assertTrue(a.contains("io.jdlio.bench.workload.DataGenerationBenchmark"), "no pattern was given: " + a);
        assertFalse(a.stream().anyMatch(s -> s.startsWith("++")), a::toString);
    }

    @Test
    void aMisspelledWorkloadSuggestsTheClosestBundledOne() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLocator.load("unet3d_smok", List.of()));
        assertTrue(e.getMessage().contains("did you mean unet3d_smoke.yaml?"), e::getMessage);
        assertTrue(e.getMessage().contains("llama3_8b_smoke.yaml"), "and lists them: " + e.getMessage());
    }

    @Test
    void validateWithAnUnknownKeyEndsWithItsWarningCount() throws Exception {
        Path config = TestYaml.workload()
                .set("framework", "pytorch")
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 8)
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.num_file_train", 3)
                .set("reader.data_loader", "pytorch")
                .set("reader.batch_size", 2)
                .writeTo(dir.resolve("w.yaml"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ValidateCommand.run(List.of(config.toString()), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("num_file_train"), out);
        assertTrue(out.endsWith("valid, with 1 warning\n"), out);
    }

    @Test
    void aCredentialOverrideReachesTheForkButNotJmhsParametersNorTheRunsOverrides() throws Exception {
        Path config = TestYaml.workload()
                .set("workflow.train", false)
                .set("workflow.generate_data", true)
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 2)
                .set("dataset.data_folder", dir.resolve("data"))
                .writeTo(dir.resolve("w.yaml"));
        String secret = "s3cr3t-Value-42";
        try {
            String[] jmh = Launcher.prepareJmh(new String[] {"-p", "config=" + config, "-p",
                    "overrides=storage.storage_options.account_key=" + secret + ";dataset.num_files_train=3",
                    "++storage.storage_options.secret_access_key=" + secret}, new PrintStream(new ByteArrayOutputStream()));
            String all = String.join(" ", jmh);
            assertFalse(all.contains(secret), all);
            assertTrue(all.contains("overrides=storage.storage_options.account_key=***;dataset.num_files_train=3;"
                    + "++storage.storage_options.secret_access_key=***"), all);
            String file = System.getProperty(io.jdlio.config.SecretOverrides.PROPERTY);
            assertTrue(all.contains("-D" + io.jdlio.config.SecretOverrides.PROPERTY + "=" + file), all);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    java.nio.file.Files.getPosixFilePermissions(Path.of(file))));
            // what a fork does with its parameter
            String param = Arrays.stream(jmh).filter(s -> s.startsWith("overrides=")).findFirst().orElseThrow();
            io.jdlio.workload.WorkloadRun run = io.jdlio.workload.WorkloadRun.load(config.toString(),
                    param.substring("overrides=".length()), 1);
            assertEquals(secret, run.workload().storage().options().get("account_key"));
            assertEquals(secret, run.workload().storage().options().get("secret_access_key"));
            assertEquals(3, run.workload().dataset().numFilesTrain());
            assertFalse(run.overrides().toString().contains(secret), run.overrides()::toString);
        } finally {
            String file = System.getProperty(io.jdlio.config.SecretOverrides.PROPERTY);
            System.clearProperty(io.jdlio.config.SecretOverrides.PROPERTY);
            if (file != null) {
                java.nio.file.Files.deleteIfExists(Path.of(file));
            }
        }
    }

    @Test
    void aBadCredentialOverrideIsQuotedWithoutItsValue() {
        ConfigException e = assertThrows(ConfigException.class, () -> io.jdlio.workload.WorkloadRun.load(
                "default_tiny.yaml", List.of("storage.storage_options.secret_access_key=abc #x"), 1));
        assertFalse(e.getMessage().contains("abc"), e::getMessage);
    }
}
