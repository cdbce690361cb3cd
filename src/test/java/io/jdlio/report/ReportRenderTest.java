package io.jdlio.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.TestYaml;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of two real training runs (two accelerators, three epochs, a checkpoint) opened in headless Chromium:
 * every plot drew (it has data points and painted pixels), no script error was logged, the flame graph is linked.
 * The test leaves target/report-screenshot.png for a person to look at.
 */
class ReportRenderTest {
    private static final List<String> PLOTS = List.of("epoch-au", "epoch-sps", "epoch-mbps", "steps-rank0",
            "steps-rank1", "latency-read-percentiles", "latency-read-histogram", "checkpoints-per-rank",
            "latency-checkpoint-files");
    private static final Pattern CHECKS = Pattern.compile("<pre id=\"jdlio-checks\"[^>]*>([^<]*)</pre>");

    @TempDir
    Path dir;

    private Path run(String name) throws Exception {
        Path yaml = TestYaml.training(dir)
                .set("model.name", name)
                .set("workflow.checkpoint", true)
                .set("dataset.num_files_train", 24)
                .set("dataset.record_length_bytes", 65536)
                .set("reader.batch_size", 2)
                .set("reader.read_threads", 2)
                .set("train.epochs", 3)
                .set("train.computation_time", 0.003)
                .set("checkpoint.checkpoint_folder", dir.resolve("ckpt-" + name))
                .set("checkpoint.checkpoint_after_epoch", 3)
                .set("output.folder", dir.resolve("out-" + name))
                .writeTo(dir.resolve(name + ".yaml"));
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 2))) {
            s.ensureDataset(null);
            for (int e = 0; e < 3; e++) {
                s.runEpoch(true);
            }
            return s.writeOutputs();
        }
    }

    @Test
    void everyPlotDrawsWithoutScriptErrors() throws Exception {
        Optional<Chromium> chromium = Chromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no headless Chromium (/usr/bin/chromium): "
                + "scripts/install-test-deps installs Debian's chromium; JDLIO_CHROMIUM names another");
        Path first = run("first");
        Path second = run("second");
        Files.createDirectories(first.resolve("flamegraphs"));
        Files.writeString(first.resolve("flamegraphs/cpu.html"), "<html></html>");
        Path page = dir.resolve("report.html");
        assertEquals(2, ReportPage.write(List.of(first, second), page));

        String dom = chromium.get().dumpDom(page, dir, 10_000);
        Matcher m = CHECKS.matcher(dom);
        assertTrue(m.find(), () -> "the page script never finished: no #jdlio-checks in\n" + tail(dom));
        JsonNode checks = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&")
                .replace("&lt;", "<").replace("&gt;", ">"));
        assertEquals(0, checks.get("errors").size(), () -> "script errors: " + checks.get("errors"));
        List<String> drawn = new ArrayList<>();
        for (JsonNode p : checks.get("plots")) {
            drawn.add(p.get("id").asText());
            assertTrue(p.get("points").asInt() > 0, () -> p + " has no data points");
            assertTrue(p.get("painted").asInt() > 0, () -> p + " painted nothing");
        }
        assertTrue(drawn.containsAll(PLOTS), () -> "plots drawn: " + drawn + ", expected " + PLOTS);
        assertTrue(dom.contains("href=\"out-first/") && dom.contains("flamegraphs/cpu.html"),
                "the flame graph is linked relative to the report");
        assertTrue(dom.contains("MLPerf Storage verdicts") && dom.contains("training AU meets"), "verdicts shown");

        Path shot = Path.of("target", "report-screenshot.png");
        chromium.get().screenshot(page, dir, shot, 1400, 4000);
        assertTrue(Files.size(shot) > 10_000, "a screenshot was written: " + shot.toAbsolutePath());
        System.out.println("[report] screenshot: " + shot.toAbsolutePath());
    }

    private static String tail(String s) {
        return s.length() < 2000 ? s : s.substring(s.length() - 2000);
    }

}
