package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.config.BadConfigTest;
import io.jdlio.metrics.EpochFigures;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shaded jar as a user runs it, from a directory that holds nothing but what the run makes. */
class JarIT {
    private static final Path JAR = Path.of(System.getProperty("jdlio.jar", "target/benchmarks.jar")).toAbsolutePath();

    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    private Run jar(List<String> jvm, String... args) throws Exception {
        Process p = start(jvm, args);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "jar run timed out: " + p.info().commandLine().orElse(""));
        return new Run(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    /**
     * Starts the jar with its own java.io.tmpdir, which is where JMH takes its machine-wide lock: these runs
     * neither wait for nor fail on a benchmark someone else runs on the machine, and leave it undisturbed.
     */
    private Process start(List<String> jvm, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(jvmTemp()));
        cmd.addAll(jvm);
        cmd.add("-jar");
        cmd.add(JAR.toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile())
                .start();
    }

    private Path jvmTemp() {
        return dir.resolve("jvm-tmp");
    }

    private Run jar(String... args) throws Exception {
        return jar(List.of(), args);
    }

    @Test
    void jmhRunWritesJsonWithSecondaryMetricsAndDlioOutputs() throws Exception {
        Run r = jar("-p", "config=default_tiny.yaml", "-p", "accelerators=2",
                "-p", "overrides=dataset.num_files_train=32;reader.read_threads=2", "-wi", "1", "-i", "2",
                "-rf", "json", "-rff", "result.json");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[METRIC] Training Accelerator Utilization [AU] (%)"), r.out());
        JsonNode result = new ObjectMapper().readTree(dir.resolve("result.json").toFile());
        assertEquals(1, result.size(), "the config's workflow picks the training benchmark alone");
        JsonNode bench = result.get(0);
        assertEquals("io.jdlio.bench.workload.TrainingEpochBenchmark.epoch", bench.get("benchmark").asText());
        assertEquals("2", bench.get("params").get("accelerators").asText());
        assertEquals(2, bench.get("measurementIterations").asInt());
        JsonNode secondary = bench.get("secondaryMetrics");
        // every figure of an epoch reaches JMH's JSON under its name, the ones users' baselines use among them
        List<String> names = new ArrayList<>(List.of("au_percent", "samples_per_second", "read_MB_per_second",
                "dlio_io_MB_per_second", "bytes_read"));
        new EpochFigures(0, 0, 0, 0, 0, 0, 0, 0, 0, false, 0, 0, 0, 0, 0, 0, 0).published().forEach(f -> names.add(f.name()));
        for (String k : names) {
            assertTrue(secondary.has(k), () -> "secondary metric " + k + " missing: " + secondary);
        }
        double au = secondary.get("au_percent").get("score").asDouble();
        assertTrue(au > 50 && au <= 100, "AU " + au);

        Path output;
        try (Stream<Path> s = Files.list(dir.resolve("output/default_tiny"))) {
            output = s.findFirst().orElseThrow();
        }
        for (String f : List.of("summary.json", "0_output.json", "1_output.json", "0_per_epoch_stats.json",
                "1_per_epoch_stats.json", "config.yaml", "overrides.yaml", "dlio.log")) {
            assertTrue(Files.exists(output.resolve(f)), f);
        }
        JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
        assertEquals(2, summary.get("epochs").asInt());
        JsonNode bytes = summary.get("jdlio").get("train_bytes_read");
        assertEquals((bytes.get(0).asDouble() + bytes.get(1).asDouble()) / 2,
                secondary.get("bytes_read").get("score").asDouble(), 1e-3, "JMH's bytes_read is the epochs' own");
        assertEquals(2, summary.get("num_accelerators").asInt());
        assertTrue(summary.get("metric").has("eval_au_mean_percentage"));
        assertTrue(summary.get("jdlio").get("cache_suspect").asBoolean(), "a tiny dataset is page-cache suspect");
        assertTrue(r.out().contains("smaller than this host's memory"), "and the run says so");
        String log = Files.readString(output.resolve("dlio.log"));
        assertTrue(log.contains("[OUTPUT]") && log.contains("Starting epoch 2") && log.contains("[METRIC] Training Accelerator"),
                log);
        assertTrue(Files.readString(output.resolve("overrides.yaml")).contains("reader.read_threads=2"));
        // 32 files of one sample, 2 epochs: every read timed
        assertEquals(64, summary.get("jdlio").get("read_latency_ms").get("overall").get("count").asInt());
        assertTrue(summary.get("verdicts").toString().contains("training AU meets"), summary::toString);
        // the launcher generated the dataset before the forks: each trial's summary says at what rate
        JsonNode generation = summary.get("jdlio").get("generation");
        assertTrue(generation != null && generation.get("files_written").asInt() >= 32, summary::toString);
        long files = 0;
        for (JsonNode f : generation.get("rate").get("files")) {
            files += f.asLong();
        }
        assertEquals(generation.get("files_written").asLong(), files, generation::toString);

        // the report verb, through the shaded jar: one file holding its library, its script and its data
        Run report = jar("report", output.toString(), "result.json", "-o", "r.html");
        assertEquals(0, report.code(), report.out() + report.err());
        String html = Files.readString(dir.resolve("r.html"));
        assertTrue(html.contains("uPlot") && html.contains("id=\"jdlio-data\"") && html.contains("reads_overall")
                && html.contains("files_per_second"),
                "library, data and latency inlined");
        assertFalse(html.contains("<script src") || html.contains("<link"), "nothing fetched when viewed");
    }

    @Test
    void asyncProfilerWorksWithNothingInstalled() throws Exception {
        Run r = jar("-p", "config=default_tiny.yaml", "-f", "1", "-wi", "0", "-i", "1", "-prof", "async:output=flamegraph");
        assertEquals(0, r.code(), r.out() + r.err());
        try (Stream<Path> s = Files.walk(dir)) {
            assertTrue(s.anyMatch(p -> p.getFileName().toString().equals("flame-cpu-forward.html")), r.out());
        }
    }

    @Test
    void hdf5TooLargeForTheHeapIsAMessage() throws Exception {
        // gzip chunks are h5py's guess (<= 1 MiB), so the heap limit is the chunked one: 112 MiB wrote in
        // -Xmx256m, 128 MiB would run jhdf out of heap and is refused with a message instead
        List<String> args = List.of("generate", "hdf5_smoke.yaml", "dataset.num_files_train=1",
                "dataset.num_samples_per_file=1", "dataset.compression=gzip", "dataset.num_subfolders_train=0",
                "dataset.hdf5.num_dset_per_record=1", "dataset.data_folder=h5");
        List<String> big = new ArrayList<>(args);
        big.add("dataset.record_length_bytes=" + 128 * 1048576);
        Run r = jar(List.of("-Xmx256m"), big.toArray(new String[0]));
        assertNotEquals(0, r.code());
        assertTrue(r.err().contains("-Xmx") && !r.err().contains("OutOfMemoryError"), r.err());
        List<String> fits = new ArrayList<>(args);
        fits.add("dataset.record_length_bytes=" + 64 * 1048576);
        Run ok = jar(List.of("-Xmx256m"), fits.toArray(new String[0]));
        assertEquals(0, ok.code(), ok.out() + ok.err());
        String out = Python.run("import sys, h5py\nd = h5py.File(sys.argv[1])['records_0']\n"
                + "assert d.compression == 'gzip' and d.shape[0] == 1\nprint('ok')\n",
                dir.resolve("h5/train/img_0_of_1.hdf5").toString());
        assertTrue(out.startsWith("ok"), out);
    }

    @Test
    void aHalfGigabyteParquetRowGroupIsWrittenInA64MiBHeap() throws Exception {
        // parquet-java's writer holds a row group in the heap until it flushes; jdlio streams pages
        Run r = jar(List.of("-Xmx64m"), "generate", "flux_smoke.yaml", "dataset.num_files_train=1",
                "dataset.num_samples_per_file=256", "dataset.parquet.row_group_size=1024", "dataset.compression=zstd",
                "dataset.data_folder=pq");
        assertEquals(0, r.code(), r.out() + r.err());
        Path file = dir.resolve("pq/train/img_0_of_1.parquet");
        assertTrue(Files.size(file) > 256L * 2_164_832, "incompressible content stays its size");
        JsonNode duck = DuckDb.inspect(file);
        for (JsonNode chunk : duck.get("chunks")) {
            assertEquals(0, chunk.get("row_group_id").asInt());
            assertEquals(256, chunk.get("row_group_num_rows").asInt());
            assertEquals("ZSTD", chunk.get("compression").asText());
        }
        assertEquals(256L * 524328, duck.get("figures").get("t5_encodings").get("decoded").asLong());
    }

    static Stream<Path> sharedWorkloads() throws Exception {
        return Shared.workloads().stream();
    }

    @ParameterizedTest
    @MethodSource("sharedWorkloads")
    void validateAcceptsEverySharedWorkloadUnchanged(Path yaml) throws Exception {
        Shared.assumePresent();
        Run r = jar("validate", yaml.toAbsolutePath().toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("# plan for "), r.out());
        // warnings depend on the host (read_threads beyond its cores), and the last line counts them
        assertTrue(r.out().trim().matches("(?s).*\\nvalid(, with \\d+ warnings?)?"), r.out());
    }

    @Test
    void validatePrintsThePlan() throws Exception {
        Run r = jar("validate", TestWorkloads.shipped("unet3d.yaml").toAbsolutePath().toString());
        assertTrue(r.out().contains("train: 168 files (npz)"), r.out());
        assertTrue(r.out().contains("min 46,889,148"), "payload min 46,888,650 plus 498 bytes of container");
        assertTrue(r.out().contains("24 steps per epoch per accelerator"), r.out());
        assertTrue(r.out().contains("record_length_bytes: 146600628"), "resolved config printed");
    }

    @Test
    void validateSizesParquetFromItsColumns() throws Exception {
        Run flux = jar("validate", TestWorkloads.fixture("flux_b200.yaml").toAbsolutePath().toString());
        assertEquals(0, flux.code());
        assertTrue(flux.out().contains("train: 4296 files (parquet)") && flux.out().contains("t5_encodings float32x524328")
                && !flux.out().contains("not yet supported"), flux.out());
        // sized from the five columns (288 rows x 2,164,832 value bytes, plus levels and headers), not from a
        // default column of the legacy record_length's 1471 x 1471 draw (623,186,208 bytes)
        java.util.regex.Matcher min = java.util.regex.Pattern.compile("\\(parquet\\).*?min ([0-9,]+)").matcher(flux.out());
        assertTrue(min.find(), flux.out());
        assertTrue(Long.parseLong(min.group(1).replace(",", "")) > 288L * 2_164_832, flux.out());
    }

    @Test
    void validatePrintsTheCheckpointPlan() throws Exception {
        Run r = jar("validate", TestWorkloads.fixture("llama_70b.yaml").toAbsolutePath().toString());
        assertTrue(r.out().contains("# plan for 32 accelerator(s)"), "the smallest count TP x PP allows");
        assertTrue(r.out().contains("checkpoint: 696 files") && r.out().contains("911.1975 GB"), r.out());
        Run on64 = jar("validate", TestWorkloads.fixture("llama_70b.yaml").toAbsolutePath().toString(),
                "--accelerators", "64");
        assertTrue(on64.out().contains("checkpoint: 728 files") && on64.out().contains("911.2121 GB"), on64.out());
        Run on8 = jar("validate", TestWorkloads.fixture("llama_70b.yaml").toAbsolutePath().toString(),
                "--accelerators", "8");
        assertEquals(2, on8.code());
        assertTrue(on8.err().contains("use a multiple of 32"), on8.err());
        Run zero3 = jar("validate", TestWorkloads.fixture("llama_8b_zero3.yaml").toAbsolutePath().toString(),
                "--accelerators", "8");
        assertTrue(zero3.out().contains("checkpoint: 16 files") && zero3.out().contains("104.7045 GB"), zero3.out());
    }

    @Test
    void checkpointOnlyRunOnEightAcceleratorsInA256MibHeap() throws Exception {
        Run r = jar("-p", "config=llama3_8b_smoke.yaml", "-p", "accelerators=8", "-wi", "0", "-i", "1",
                "-jvmArgsAppend", "-Xmx256m", "-rf", "json", "-rff", "ckpt.json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode result = new ObjectMapper().readTree(dir.resolve("ckpt.json").toFile());
        assertEquals(2, result.size(), "save and load");
        for (JsonNode b : result) {
            JsonNode secondary = b.get("secondaryMetrics");
            assertEquals(4_856_534_016.0, secondary.get("bytes").get("score").asDouble(), "every planned byte moved");
            // one iteration: each figure is that checkpoint's own, so they agree exactly; the planned size is
            // the bytes moved, so DLIO's rate (planned size / slowest rank) is the measured one
            double slowest = secondary.get("slowest_rank_seconds").get("score").asDouble();
            double measured = secondary.get("measured_GB_per_second").get("score").asDouble();
            assertEquals(4_856_534_016.0 / (1L << 30), measured * slowest, 1e-6);
            assertEquals(measured, secondary.get("GB_per_second").get("score").asDouble(), 1e-9 * measured);
            // about 16 MiB in practice; a rank's share of one tensor held in the heap would be far more
            double heap = secondary.get("heap_used_MB").get("score").asDouble();
            assertTrue(heap < 64, "checkpoint data streams through small buffers: peak heap " + heap + " MiB");
        }
        assertTrue(r.out().contains("[METRIC] Checkpoint Save I/O Throughput (GB/second)"), r.out());
        try (Stream<Path> s = Files.list(dir.resolve("checkpoints/llama3_8b_smoke"))) {
            assertEquals(0, s.count(), "checkpoints are removed after the trial");
        }
    }

    static Stream<Arguments> badConfigs() {
        return BadConfigTest.badConfigs();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigs")
    void badConfigIsOneLineAndNonZeroExit(String kind, String yaml, List<String> mustContain) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, yaml);
        Run r = jar("validate", f.toString());
        assertNotEquals(0, r.code(), kind);
        assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r.err());
        assertTrue(r.err().startsWith("jdlio: "), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), () -> "no stack trace: " + r.err());
    }

    @Test
    void badConfigGivenToJmhFailsBeforeAnyFork() throws Exception {
        Files.writeString(dir.resolve("bad.yaml"), "dataset:\n  format: npz\n  num_files_train: lots\n");
        Run r = jar("-p", "config=bad.yaml");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("dataset.num_files_train = \"lots\""), r.err());
        assertFalse(r.out().contains("# Fork"), "JMH never started");
        Run missing = jar("-p", "config=nothing-here.yaml");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("no such workload file"), missing.err());
    }

    @Test
    void generatesAOneGibNpzInA256MibHeapThatNumpyOpens() throws Exception {
        Run r = jar(List.of("-Xmx256m"), "generate", "default_tiny.yaml", "dataset.num_files_train=1",
                "dataset.num_files_eval=0", "dataset.num_subfolders_train=0", "dataset.record_length_bytes=1073741824",
                "dataset.data_folder=big");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("generate: 1/1 files"), "plain progress lines when not a terminal: " + r.out());
        Path file = dir.resolve("big/train/img_0_of_1.npz");
        assertEquals(1073741824L + 498, Files.size(file));
        String check = Python.run("import sys, numpy as np\nz = np.load(sys.argv[1], mmap_mode='r')\n"
                + "x = z['x'] if hasattr(z, 'files') else z\nprint(x.shape, x.dtype)\n", file.toString());
        assertTrue(check.contains("(32768, 32768, 1) uint8"), check);
        Run again = jar("generate", "default_tiny.yaml", "dataset.num_files_train=1", "dataset.num_files_eval=0",
                "dataset.num_subfolders_train=0", "dataset.record_length_bytes=1073741824", "dataset.data_folder=big");
        assertTrue(again.out().contains("generated 0 files") && again.out().contains("reused 1"), again.out());
        Files.delete(file);
        assertFalse(new File(dir.toFile(), "big/train").list().length > 0);
    }

    private Path onlyFolder(Path parent) throws Exception {
        try (Stream<Path> s = Files.list(parent)) {
            List<Path> all = s.toList();
            assertEquals(1, all.size(), () -> "one output folder: " + all);
            return all.get(0);
        }
    }

    @Test
    void checkpointOnlyRunWritesOneFolderWithItsSavesAndLoadsAndNoWarmups() throws Exception {
        Run r = jar("-p", "config=llama3_8b_smoke.yaml", "-p", "overrides=model.num_layers=2;"
                + "model.transformer.vocab_size=1000;model.transformer.hidden_size=256;"
                + "model.transformer.ffn_hidden_size=512;model.transformer.num_attention_heads=8",
                "-wi", "1", "-i", "2", "-rf", "json", "-rff", "ckpt.json");
        assertEquals(0, r.code(), r.out() + r.err());
        Path output = onlyFolder(dir.resolve("output/llama3_8b_smoke"));
        JsonNode summary = new ObjectMapper().readTree(output.resolve("summary.json").toFile());
        assertTrue(summary.get("metric").has("save_checkpoint_io_mean_GB_per_second")
                && summary.get("metric").has("load_checkpoint_io_mean_GB_per_second"), summary::toString);
        assertEquals(2, summary.get("jdlio").get("save_checkpoint_max_duration_seconds").size(), "no warmup save");
        assertEquals(2, summary.get("jdlio").get("load_checkpoint_max_duration_seconds").size(), "no warmup load");
        String log = Files.readString(output.resolve("dlio.log"));
        assertTrue(log.contains("[Checkpointing]") && log.contains("Finished saving checkpoint 2")
                && log.contains("Finished loading checkpoint 2") && !log.contains("[Training]"), log);
        assertTrue(r.out().contains("[METRIC] Checkpoint Save duration") && r.out().contains("[METRIC] Checkpoint Load"),
                "the last trial's [METRIC] block has both: " + r.out());
        // the save trial's file timings reach the folder the load trial completes
        JsonNode j = summary.get("jdlio");
        assertTrue(j.get("checkpoint_save_file_latency_ms").get("overall").get("count").asInt() > 0
                && j.get("checkpoint_load_file_latency_ms").get("overall").get("count").asInt() > 0, j::toString);
        assertTrue(summary.get("verdicts").toString().contains("checkpoint reads bypass the page cache"),
                summary::toString);
    }

    @Test
    void theTrainingScoreLeavesTheEpochCheckpointToItsOwnMetric() throws Exception {
        // a 512 MiB fsynced save after every epoch of 4 steps of 10 ms: the save dwarfs the epoch
        Run r = jar("-p", "config=default_tiny.yaml", "-p", "overrides=workflow.evaluation=False;"
                + "workflow.checkpoint=True;checkpoint.checkpoint_after_epoch=1;checkpoint.fsync=True;"
                + "model.model_size=536870912", "-wi", "0", "-i", "2", "-rf", "json", "-rff", "train.json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode bench = new ObjectMapper().readTree(dir.resolve("train.json").toFile()).get(0);
        double score = bench.get("primaryMetric").get("score").asDouble();
        JsonNode checkpoint = bench.get("secondaryMetrics").get("checkpoint_seconds");
        assertTrue(checkpoint != null && checkpoint.get("score").asDouble() > 0, bench::toString);
        assertTrue(score < checkpoint.get("score").asDouble(),
                "the score is the epoch (" + score + " s), not the epoch plus the save (" + checkpoint + ")");
    }

    @Test
    void aCorruptSampleFileEndsTheRunWithOneLineNamingIt() throws Exception {
        Run g = jar("generate", "default_tiny.yaml", "dataset.num_files_train=32", "dataset.data_folder=d");
        assertEquals(0, g.code(), g.out() + g.err());
        Path last;
        try (Stream<Path> s = Files.walk(dir.resolve("d/train"))) {
            last = s.filter(p -> p.toString().endsWith(".npz")).sorted().reduce((a, b) -> b).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(last);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int magic = text.indexOf("NUMPY");
        assertTrue(magic > 0, "x.npy's NPY magic");
        System.arraycopy("XXXXX".getBytes(StandardCharsets.US_ASCII), 0, bytes, magic, 5);
        Files.write(last, bytes);
        long start = System.nanoTime();
        Run r = jar("-p", "config=default_tiny.yaml", "-p",
                "overrides=dataset.num_files_train=32;dataset.data_folder=d;reader.read_threads=2", "-f", "1",
                "-wi", "0", "-i", "1");
        assertTrue(System.nanoTime() - start < 120e9, "no hang");
        assertNotEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.err().strip().lines().toList();
        String lastLine = lines.get(lines.size() - 1);
        assertTrue(lastLine.startsWith("jdlio: ") && lastLine.contains(last.getFileName().toString())
                && lastLine.contains("offset"), r.err());
        String all = r.out() + r.err();
        assertFalse(all.contains("RunnerException") || all.contains("at org.openjdk") || all.contains("\tat "),
                () -> "no stack trace: " + all);
    }

    @Test
    void stoppingTheLauncherStopsItsForkWhichLeavesNoTemporaryFiles() throws Exception {
        // a generation of 4 GiB, stopped while the fork writes, as timeout(1) or a job scheduler stops a run
        Process p = start(List.of(), "-p", "config=default_tiny.yaml", "-p", "overrides=workflow.generate_data=True;"
                + "workflow.train=False;dataset.num_files_train=64;dataset.record_length_bytes=67108864;"
                + "dataset.data_folder=g", "-f", "1", "-wi", "0", "-i", "3");
        List<ProcessHandle> forks = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (temporaries().isEmpty()) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, "the fork never started writing");
                Thread.sleep(50);
            }
            p.descendants().forEach(forks::add);
            assertFalse(forks.isEmpty(), "JMH forked");
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the launcher ends on SIGTERM");
            for (ProcessHandle fork : forks) {
                fork.onExit().completeOnTimeout(null, 5, TimeUnit.SECONDS).join();
                assertFalse(fork.isAlive(), "fork " + fork.pid() + " still running after the launcher was stopped");
            }
            assertEquals(List.of(), temporaries(), "the fork removes the files it was writing");
        } finally {
            forks.forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    @Test
    void stoppingTheGenerateVerbSaysTheDatasetIsIncompleteAndLeavesNoTemporaryFiles() throws Exception {
        Process p = start(List.of(), "generate", "default_tiny.yaml", "workflow.generate_data=True",
                "dataset.num_files_train=64", "dataset.num_files_eval=0", "dataset.record_length_bytes=67108864",
                "dataset.data_folder=g-verb");
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (temporaries().isEmpty()) {
                assertTrue(p.isAlive() && System.nanoTime() < deadline, () -> "generation never started writing: "
                        + readQuietly(dir.resolve("stdout.txt")) + readQuietly(dir.resolve("stderr.txt")));
                Thread.sleep(50);
            }
            p.destroy();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "generate ends on SIGTERM");
            String err = Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8);
            // before, the verb ended on SIGTERM without a word, unlike a stopped training run
            assertTrue(err.contains("jdlio: stopped before the dataset was complete"), err);
            assertEquals(List.of(), temporaries(), "the writers remove the files they were writing");
        } finally {
            p.destroyForcibly();
        }
    }

    private static String readQuietly(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    private List<Path> temporaries() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp") && !f.startsWith(jvmTemp())).toList();
        }
    }

    @Test
    void anotherJmhRunHoldingTheLockIsOneLine() throws Exception {
        Path lock = Files.createDirectories(jvmTemp()).resolve("jmh.lock");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(lock,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            Run r = jar("-p", "config=default_tiny.yaml", "-f", "1", "-wi", "0", "-i", "1");
            assertNotEquals(0, r.code());
            assertEquals(1, r.err().strip().lines().count(), () -> "one line: " + r.err());
            assertTrue(r.err().startsWith("jdlio: ") && r.err().contains(lock.toString())
                    && r.err().contains("-Djmh.ignoreLock=true"), r.err());
            assertFalse(r.out().contains("# Fork"), "JMH never started");
        }
    }

    @Test
    void helpAndABareInvocationExplainJdlioAndStartNoBenchmark() throws Exception {
        for (String[] args : List.of(new String[0], new String[] {"help"}, new String[] {"--help"},
                new String[] {"-h"})) {
            Run r = jar(args);
            assertEquals(0, r.code(), List.of(args) + ": " + r.out() + r.err());
            assertTrue(r.out().startsWith("jdlio: DLIO"), List.of(args) + ": " + r.out());
            assertTrue(r.out().contains("validate <workload>") && r.out().contains("default_tiny.yaml")
                    && r.out().contains("'.*'"), r.out());
            assertFalse(r.out().contains("# Fork"), "no benchmark runs: " + r.out());
        }
        assertTrue(jar("-h").out().contains("Number of measurement iterations"), "-h adds JMH's own options");
        for (String verb : List.of("validate", "generate")) {
            Run r = jar(verb, "--help");
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().startsWith("Usage: java -jar target/benchmarks.jar " + verb + " <workload>"), r.out());
        }
        Run typo = jar("validate", "unet3d_smok");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("did you mean unet3d_smoke.yaml?"), typo.err());
    }

    @Test
    void hydraOverridesOnTheMainCommandAndTheResultsAtTheEnd() throws Exception {
        Run r = jar("-p", "config=default_tiny.yaml", "++workload.workflow.checkpoint=True",
                "checkpoint.epochs_between_checkpoints=1", "++workload.model.layer_parameters=[64,128]",
                "-f", "1", "-wi", "0", "-i", "2", "-rf", "json", "-rff", "result.json");
        assertEquals(0, r.code(), r.out() + r.err());
        Path output;
        try (Stream<Path> s = Files.list(dir.resolve("output/default_tiny"))) {
            output = s.findFirst().orElseThrow();
        }
        // the list arrived whole, through JMH's comma-splitting -p
        String config = Files.readString(output.resolve("config.yaml"));
        assertTrue(config.contains("layer_parameters:\n  - 64\n  - 128\n"), config);
        JsonNode bench = new ObjectMapper().readTree(dir.resolve("result.json").toFile()).get(0);
        assertEquals("++workload.workflow.checkpoint=True;checkpoint.epochs_between_checkpoints=1;"
                + "++workload.model.layer_parameters=[64%2C128]", bench.get("params").get("overrides").asText());
        assertEquals("MiB/s", bench.get("secondaryMetrics").get("read_MB_per_second").get("scoreUnit").asText());

        // after JMH's table, in this order: DLIO's block with its Eval lines, where things are, the outputs
        String out = r.out();
        int table = out.lastIndexOf("\nBenchmark ");
        int block = out.lastIndexOf("[METRIC] Number of Simulated Accelerators");
        assertTrue(table > 0 && block > table, out);
        assertFalse(out.substring(0, table).contains("[METRIC]"), "the block is printed once, at the end: " + out);
        String end = out.substring(block);
        assertTrue(end.contains("[METRIC] Eval Accelerator Utilization [AU] (%)")
                && end.contains("[METRIC] eval_au_meet_expectation: "), end);
        assertTrue(end.contains("[jdlio] dataset: " + dir.resolve("data/default_tiny").toRealPath()), end);
        assertTrue(end.contains("[jdlio] checkpoints: 2 written in " + dir.resolve("checkpoints").toRealPath()
                + ", ") && end.contains("global_epoch1_step5 global_epoch2_step5"), end);
        assertTrue(end.strip().endsWith("[jdlio] DLIO outputs: " + output.toRealPath()), end);
    }

    @Test
    void generateSaysWhereAndReplacesTheEarlierFileSet() throws Exception {
        Run four = jar("generate", "default_tiny.yaml", "dataset.num_files_train=4", "dataset.num_files_eval=0");
        assertEquals(0, four.code(), four.out() + four.err());
        Path data = dir.resolve("data/default_tiny").toRealPath();
        assertTrue(four.out().contains("; dataset in " + data + "\n"), "an absolute path: " + four.out());
        Run two = jar("generate", "default_tiny.yaml", "dataset.num_files_train=2", "dataset.num_files_eval=0");
        assertEquals(0, two.code(), two.out() + two.err());
        assertTrue(two.out().contains("notice: removed 4 file(s), "), two.out());
        try (Stream<Path> s = Files.walk(data)) {
            assertEquals(2, s.filter(p -> p.toString().endsWith(".npz")).count(), "only the new set is left");
        }
    }

    @Test
    void theTrialsDoneBeforeAFailureStillShowTheirResults() throws Exception {
        Run g = jar("generate", "default_tiny.yaml", "dataset.data_folder=d");
        assertEquals(0, g.code(), g.out() + g.err());
        Path file;
        try (Stream<Path> s = Files.walk(dir.resolve("d/train"))) {
            file = s.filter(p -> p.toString().endsWith(".npz")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(file);
        int magic = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("NUMPY");
        System.arraycopy("XXXXX".getBytes(StandardCharsets.US_ASCII), 0, bytes, magic, 5);
        Files.write(file, bytes);
        // the first trial reads the bundled dataset, the second the corrupted copy
        Run r = jar("-p", "config=default_tiny.yaml", "-p", "overrides=,dataset.data_folder=d", "-f", "1", "-wi", "0",
                "-i", "1");
        assertNotEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("[METRIC] Training Accelerator Utilization")
                && r.out().contains("[jdlio] DLIO outputs: "), "the first trial's results: " + r.out());
        List<String> err = r.err().strip().lines().toList();
        assertTrue(err.get(err.size() - 1).contains(file.getFileName().toString()), r.err());
    }
}
