package io.jdlio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report verb's arguments: what it reads, and one line with exit code 2 for what it cannot. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private record Result(int code, String out) {
    }

    private static Result run(String... args) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(b, true, StandardCharsets.UTF_8);
        int code = Launcher.run(args, ps, ps);
        return new Result(code, b.toString(StandardCharsets.UTF_8));
    }

    @Test
    void nothingToReportOnOrAMissingResultIsOneLine() throws Exception {
        Result none = run("report");
        assertEquals(2, none.code());
        assertTrue(none.out().startsWith("jdlio: report: expected at least one output folder"), none.out());
        Result missing = run("report", dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.out().contains("nowhere does not exist"), missing.out());
        Files.createDirectories(dir.resolve("empty"));
        Result empty = run("report", dir.resolve("empty").toString());
        assertEquals(2, empty.code());
        assertTrue(empty.out().contains("holds no summary.json"), empty.out());
        assertEquals(1, empty.out().lines().count(), empty.out());
        assertTrue(run("report", "--help").out().contains("report <result>..."));
    }

    @Test
    void aJmhJsonFileIsOneRunPerBenchmarkWithItsIterationsAsEpochs() throws Exception {
        Path json = Files.writeString(dir.resolve("result.json"), """
                [{"benchmark": "io.jdlio.bench.workload.TrainingEpochBenchmark.epoch",
                  "params": {"config": "unet3d_smoke.yaml", "accelerators": "2"},
                  "primaryMetric": {"score": 1.5, "rawData": [[1.4, 1.6]]},
                  "secondaryMetrics": {
                    "au_percent": {"score": 95.5, "rawData": [[91.25, 99.75], [93.0, 98.0]]},
                    "samples_per_second": {"score": 20, "rawData": [[20, 20], [20, 20]]},
                    "read_latency_p50_ms": {"score": 1.5, "rawData": [[1.5, 1.5]]},
                    "read_latency_p90_ms": {"score": 2.5, "rawData": [[2.5, 2.5]]},
                    "read_latency_p99_ms": {"score": 3.5, "rawData": [[3.5, 3.5]]},
                    "read_latency_p99_9_ms": {"score": 4.5, "rawData": [[4.5, 4.5]]},
                    "read_latency_max_ms": {"score": 5.5, "rawData": [[5.5, 5.5]]}}}]
                """);
        Result r = run("report", json.toString(), "-o", dir.resolve("r.html").toString());
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("report of 1 run(s)"), r.out());
        String html = Files.readString(dir.resolve("r.html"));
        // per iteration: the mean over forks, and their range as the error bar
        assertTrue(html.contains("92.125") && html.contains("98.875"), "AU per epoch, mean of the forks");
        assertTrue(html.contains("91.25") && html.contains("99.75"), "and the forks' range");
        assertTrue(html.contains("\"p99_9\": 4.5"), "latency percentiles from the secondary metrics");
    }
}
