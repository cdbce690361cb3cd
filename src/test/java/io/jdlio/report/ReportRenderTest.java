package io.jdlio.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jdlio.TestYaml;
import io.jdlio.metrics.Latency;
import io.jdlio.metrics.ObjectRequest;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
            "latency-checkpoint-files", "generation-gen-mibps", "generation-gen-fps", "latency-object-requests");
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
        objectRequests(second);
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
        chromium.get().screenshot(page, dir, shot, 1400, 5200);
        assertTrue(Files.size(shot) > 10_000, "a screenshot was written: " + shot.toAbsolutePath());
        System.out.println("[report] screenshot: " + shot.toAbsolutePath());
    }

    /**
     * Object requests as an S3 run's summary.json has them (the S3 tests check a real server's; Chromium and
     * S3Mock are not in one test's reach): a GET, its first byte and a PUT, each over a spread of durations.
     */
    private static void objectRequests(Path run) throws Exception {
        Map<ObjectRequest, Latency> requests = new EnumMap<>(ObjectRequest.class);
        long[] base = {2_000_000L, 400_000L, 9_000_000L};
        ObjectRequest[] kinds = {ObjectRequest.S3_GET, ObjectRequest.S3_GET_FIRST_BYTE, ObjectRequest.S3_PUT};
        for (int k = 0; k < kinds.length; k++) {
            Latency l = new Latency();
            for (int i = 0; i < 500; i++) {
                l.record(base[k] + (long) i * i * 40);
            }
            requests.put(kinds[k], l);
        }
        ObjectMapper json = new ObjectMapper();
        Path summary = run.resolve("summary.json");
        ObjectNode s = (ObjectNode) json.readTree(summary.toFile());
        ((ObjectNode) s.get("jdlio")).set("object_request_latency_ms", json.valueToTree(ObjectRequest.json(requests)));
        json.writeValue(summary.toFile(), s);
    }

    private static String tail(String s) {
        return s.length() < 2000 ? s : s.substring(s.length() - 2000);
    }

}
