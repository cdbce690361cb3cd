package io.jdlio.report;

import io.jdlio.metrics.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report: one HTML file holding its data, the plotting library (uPlot, MIT, vendored with its license) and the
 * page script, so it opens anywhere without a network.
 */
public final class ReportPage {
    private static final String RESOURCES = "/io/jdlio/report/";

    private ReportPage() {
    }

    /**
     * Reads every result in {@code results} and writes the report to {@code out}; returns the runs and sweeps it
     * holds. A folder with a sweep.json and no summary.json is a sweep's ({@code sweep} verb).
     */
    public static int write(List<Path> results, Path out) throws IOException {
        List<Map<String, Object>> runs = new ArrayList<>();
        List<Map<String, Object>> sweeps = new ArrayList<>();
        for (Path r : results) {
            if (RunData.isSweep(r)) {
                sweeps.add(RunData.sweep(r));
            } else {
                runs.addAll(RunData.load(r, out));
            }
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runs", runs);
        data.put("sweeps", sweeps);
        data.put("replication", RunData.replication(runs));
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(out, html(Json.write(data)));
        return runs.size() + sweeps.size();
    }

    static String html(String json) throws IOException {
        // inside <script>, "</" would end the element: JSON may write it as "<\/"
        String data = json.replace("</", "<\\/").replace("<!--", "<\\!--");
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>jdlio report</title>\n"
                // first, so an error in any later script is seen
                + "<script>window.jdlioErrors=[];window.addEventListener('error',function(e){"
                + "window.jdlioErrors.push(String(e.message||e));});</script>\n"
                + "<style>\n" + resource("uPlot.min.css") + "\n</style>\n"
                + "<style>\n" + resource("report.css") + "\n</style>\n"
                + "</head><body>\n<div id=\"app\"></div>\n"
                + "<script type=\"application/json\" id=\"jdlio-data\">" + data + "</script>\n"
                + "<!-- uPlot 1.6.32, https://github.com/leeoniya/uPlot, MIT License:\n"
                + resource("uPlot.LICENSE").replace("--", "- -") + "-->\n"
                + "<script>\n" + resource("uPlot.iife.min.js") + "\n</script>\n"
                + "<script>\n" + resource("report.js") + "\n</script>\n"
                + "</body></html>\n";
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportPage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("the jar lacks " + RESOURCES + name + "; rebuild it with mvn package");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
