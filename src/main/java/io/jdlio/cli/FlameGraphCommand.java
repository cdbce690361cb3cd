package io.jdlio.cli;

import io.jdlio.config.ConfigException;
import io.jdlio.workload.WorkloadException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import one.convert.Arguments;
import one.convert.FlameGraph;
import one.convert.JfrToFlame;

/**
 * {@code flamegraph}: a JFR recording, async-profiler's ({@code scripts/profile}, {@code -prof async:output=jfr}) or
 * the JDK's ({@code -prof jfr}), as three self-contained HTML flame graphs: cpu.html (on-CPU samples), wall.html
 * (wall-clock samples: threads waiting for reads, the barrier, emulated compute) and alloc.html (allocation samples).
 * A kind the recording has no samples of is left out and said so: the JDK's recorder takes no wall-clock samples.
 */
final class FlameGraphCommand {
    static final String USAGE = "flamegraph <recording.jfr> [<output folder>]";

    /** One flame graph: its file, the converter's switch, what it shows. */
    private record Kind(String file, String what) {
    }

    private static final List<Kind> KINDS = List.of(new Kind("cpu", "CPU samples"),
            new Kind("wall", "wall-clock samples"), new Kind("alloc", "allocation samples"));

    private FlameGraphCommand() {
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        if (args.isEmpty() || args.size() > 2 || args.get(0).startsWith("-")) {
            throw new ConfigException("flamegraph: expected a JFR recording and optionally a folder; usage: " + USAGE);
        }
        Path recording = Path.of(args.get(0));
        if (!Files.isRegularFile(recording)) {
            throw new ConfigException("flamegraph: " + recording.toAbsolutePath().normalize() + " is not a file; give "
                    + "the .jfr a profiled run left (scripts/profile, -prof jfr, -prof async:output=jfr)");
        }
        Path folder = args.size() == 2 ? Path.of(args.get(1))
                : recording.toAbsolutePath().normalize().resolveSibling("flamegraphs");
        Files.createDirectories(folder);
        List<String> written = new ArrayList<>();
        for (Kind k : KINDS) {
            Path html = folder.resolve(k.file() + ".html");
            if (convert(recording, html, k)) {
                written.add(k.file() + ".html");
            } else {
                // a file of that name already there is not this recording's: it is left, and said to be older
                out.println("flamegraph: no " + k.what() + " in " + recording.getFileName() + ", so no " + k.file()
                        + ".html" + (k.file().equals("cpu") ? " (a JDK recording's Java and native samples are "
                        + "not told apart: they are in wall.html)" : "")
                        + (Files.exists(html) ? "; the " + k.file() + ".html there is older, not from this recording"
                        : ""));
            }
        }
        if (written.isEmpty()) {
            throw new WorkloadException("flamegraph: " + recording + " holds no CPU, wall-clock or allocation samples; "
                    + "was the profiled run long enough to sample?");
        }
        out.println("flamegraph: " + String.join(", ", written) + " in " + folder.toAbsolutePath().normalize());
        return 0;
    }

    /** Writes one kind's HTML; false when the recording has no samples of that kind. */
    private static boolean convert(Path recording, Path html, Kind k) throws IOException {
        Arguments a = new Arguments("--" + k.file(), "--title", String.format(Locale.ROOT, "jdlio %s: %s",
                k.what(), recording.getFileName()));
        FlameGraph graph;
        try {
            graph = JfrToFlame.parse(recording.toString(), a);
        } catch (IOException | RuntimeException e) {
            throw new WorkloadException("flamegraph: cannot read " + recording + " as a JFR recording: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
        // the folded stacks are empty when no sample of this kind was taken
        a.output = "collapsed";
        ByteArrayOutputStream folded = new ByteArrayOutputStream();
        try (PrintStream p = new PrintStream(folded, true, StandardCharsets.UTF_8)) {
            graph.dump(p);
        }
        if (folded.size() == 0) {
            return false;
        }
        a.output = "html";
        Path tmp = html.resolveSibling("." + html.getFileName() + ".jdlio-tmp");
        try (var o = Files.newOutputStream(tmp)) {
            graph.dump(o);
        }
        Files.move(tmp, html, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }
}
