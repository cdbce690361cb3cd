package io.jdlio.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.sweep.AcceleratorSearch;
import io.jdlio.sweep.Probe;
import io.jdlio.sweep.SweepReport;
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
 * A sweep's folder (sweep.json, no summary.json) given to the report: its probes in a table and two plots, AU against
 * the threshold and samples/s, drawn in headless Chromium without a script error.
 */
class SweepReportTest {
    private static final Pattern CHECKS = Pattern.compile("<pre id=\"jdlio-checks\"[^>]*>([^<]*)</pre>");

    @TempDir
    Path dir;

    /** The sweep.json the sweep verb writes for a storage that sustains 3 accelerators, tried up to 8. */
    private Path sweepFolder() throws Exception {
        AcceleratorSearch.Outcome o = AcceleratorSearch.search(8, n -> new Probe(n, n <= 3 ? 99 - n : 80 - n,
                20.0 * n, n <= 3, 16 / n, 1, "accelerators-" + n), p -> { });
        Path folder = Files.createDirectories(dir.resolve("output/unet3d/2026-11-30-23-00-00-1"));
        Files.writeString(folder.resolve("sweep.json"), new SweepReport("unet3d.yaml", "unet3d", 0.9, 8, "limit",
                new SweepReport.DatasetSize(112, 7, 1 << 23, 1), o.probes(), o).json());
        return folder;
    }

    @Test
    void aSweepsFolderIsReadAsASweepWithItsProbesInAcceleratorOrder() throws Exception {
        java.util.Map<String, Object> sweep = RunData.sweep(sweepFolder());
        assertTrue(RunData.isSweep(sweepFolder()));
        List<Integer> order = new ArrayList<>();
        for (Object p : (List<?>) sweep.get("probes")) {
            order.add(((Number) ((java.util.Map<?, ?>) p).get("accelerators")).intValue());
        }
        // tried 1, 2, 4, 3: drawn left to right
        assertEquals(List.of(1, 2, 3, 4), order);
        assertEquals(3, ((Number) sweep.get("answer")).intValue());
        assertEquals("unet3d/2026-11-30-23-00-00-1", sweep.get("name"));
    }

    @Test
    void theSweepsPlotsDrawWithoutScriptErrors() throws Exception {
        Optional<Chromium> chromium = Chromium.find();
        Assumptions.assumeTrue(chromium.isPresent(), "no headless Chromium (/usr/bin/chromium): "
                + "scripts/install-test-deps installs Debian's chromium; JDLIO_CHROMIUM names another");
        Path page = dir.resolve("report.html");
        assertEquals(1, ReportPage.write(List.of(sweepFolder()), page));
        String dom = chromium.get().dumpDom(page, dir, 10_000);
        Matcher m = CHECKS.matcher(dom);
        assertTrue(m.find(), "the page script never finished");
        JsonNode checks = new ObjectMapper().readTree(m.group(1).replace("&quot;", "\"").replace("&amp;", "&")
                .replace("&lt;", "<").replace("&gt;", ">"));
        assertEquals(0, checks.get("errors").size(), () -> "script errors: " + checks.get("errors"));
        List<String> drawn = new ArrayList<>();
        for (JsonNode p : checks.get("plots")) {
            drawn.add(p.get("id").asText());
            assertTrue(p.get("points").asInt() >= 4, () -> p + " lacks the probes' points");
            assertTrue(p.get("painted").asInt() > 0, () -> p + " painted nothing");
        }
        assertEquals(List.of("sweep-au-0", "sweep-sps-0"), drawn);
        assertTrue(dom.contains("Accelerator sweep") && dom.contains("unet3d.yaml): 3 accelerators"), dom);
        assertTrue(dom.contains(">FAIL<") && dom.contains(">pass<"), "each probe's verdict is shown");
    }
}
