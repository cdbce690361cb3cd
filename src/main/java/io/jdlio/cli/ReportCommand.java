package io.jdlio.cli;

import io.jdlio.config.ConfigException;
import io.jdlio.report.ReportPage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code report RESULT... [-o FILE]}: one self-contained HTML file from output folders and JMH JSON files. */
final class ReportCommand {
    static final String DEFAULT_FILE = "jdlio-report.html";

    private ReportCommand() {
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        List<Path> results = new ArrayList<>();
        Path file = Path.of(DEFAULT_FILE);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("-o") || a.equals("--output")) {
                if (i + 1 == args.size()) {
                    throw new ConfigException("report " + a + ": expected the HTML file to write after it");
                }
                file = Path.of(args.get(++i));
            } else if (a.startsWith("-")) {
                throw new ConfigException("report: unknown option " + a + "; expected output folders, JMH JSON "
                        + "files and -o FILE (see report --help)");
            } else {
                results.add(Path.of(a));
            }
        }
        if (results.isEmpty()) {
            throw new ConfigException("report: expected at least one output folder (output/<model>/<run>/) or JMH "
                    + "JSON file (-rf json -rff result.json)");
        }
        int runs = ReportPage.write(results, file);
        out.println("[jdlio] report of " + runs + " run(s): " + file.toAbsolutePath().normalize());
        return 0;
    }
}
