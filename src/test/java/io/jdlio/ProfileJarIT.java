package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** scripts/profile and the flamegraph verb on a tiny workload, and the forks' live progress lines. */
class ProfileJarIT {
    /** Four 50 ms steps an epoch: long enough to sample, seconds in all. */
    private static final List<String> TINY = List.of("-p", "config=default_tiny.yaml", "-wi", "0", "-i", "1",
            "train.computation_time=0.05");

    @TempDir
    Path dir;

    private static Path find(Path root, String name) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " under " + root));
        }
    }

    /** A flame graph with frames of jdlio's own classes (the HTML keeps class names, '/'-separated). */
    private static void assertJdlioFrames(Path html) throws Exception {
        String s = Files.readString(html);
        assertTrue(s.startsWith("<!DOCTYPE html>") && s.length() > 10_000, html + ": " + s.length() + " chars");
        assertTrue(s.contains("jdlio/"), html + " has no frame of a jdlio class");
    }

    @Test
    void scriptsProfileWritesCpuWallAndAllocationFlameGraphsBesideTheRunsOutputs() throws Exception {
        Path script = Path.of("scripts/profile").toAbsolutePath();
        List<String> cmd = new java.util.ArrayList<>(List.of(script.toString(), "default_tiny.yaml"));
        cmd.addAll(TINY.subList(2, TINY.size()));
        JarProcess.Run r = JarProcess.run(dir, cmd, Map.of("JDLIO_JAR", JarProcess.JAR.toString(),
                "JAVA_OPTS", "-Djava.io.tmpdir=" + JarProcess.tmp(dir)));
        assertEquals(0, r.code(), r.out() + r.err());
        Path summary = find(dir.resolve("output"), "summary.json");
        Path graphs = summary.resolveSibling("flamegraphs");
        for (String kind : List.of("cpu", "wall", "alloc")) {
            assertJdlioFrames(graphs.resolve(kind + ".html"));
        }
        assertTrue(Files.size(graphs.resolve("profile.jfr")) > 10_000, "the recording is kept");
        assertTrue(r.out().contains("scripts/profile: flame graphs in " + graphs), r.out());

        // the report links them; a checkpoint run's are one folder down, one per trial (save/, load/)
        Files.createDirectories(graphs.resolve("save"));
        Files.copy(graphs.resolve("cpu.html"), graphs.resolve("save/cpu.html"));
        JarProcess.Run report = JarProcess.jar(dir, List.of(), List.of("report", summary.getParent().toString(),
                "-o", "report.html"));
        assertEquals(0, report.code(), report.out() + report.err());
        String html = Files.readString(dir.resolve("report.html"));
        for (String link : List.of("flamegraphs/cpu.html", "flamegraphs/wall.html", "flamegraphs/alloc.html",
                "flamegraphs/save/cpu.html")) {
            assertTrue(html.contains(link), "the report links " + link);
        }
    }

    @Test
    void theJdksRecordingFromProfJfrBecomesTheSameHtml() throws Exception {
        JarProcess.Run r = JarProcess.jar(dir, List.of(), List.of("-p", "config=default_tiny.yaml", "-wi", "0", "-i",
                "1", "train.computation_time=0.1", "-prof", "jfr"));
        assertEquals(0, r.code(), r.out() + r.err());
        Path jfr = find(dir, "profile.jfr");
        // a file jdlio did not write stays, even where this recording has no graph of its name
        Files.createDirectories(dir.resolve("graphs"));
        Files.writeString(dir.resolve("graphs/cpu.html"), "the user's own");
        JarProcess.Run g = JarProcess.jar(dir, List.of(), List.of("flamegraph", jfr.toString(), "graphs"));
        assertEquals(0, g.code(), g.out() + g.err());
        assertEquals("the user's own", Files.readString(dir.resolve("graphs/cpu.html")));
        assertTrue(g.out().contains("cpu.html there is older"), g.out());
        // the JDK's recorder samples Java and native frames; the converter shows them as wall-clock samples
        assertJdlioFrames(dir.resolve("graphs/wall.html"));
        assertTrue(g.out().contains("in " + dir.resolve("graphs")), g.out());
    }

    @Test
    void aRecordingThatIsNotOneIsOneLine() throws Exception {
        Files.writeString(dir.resolve("not.jfr"), "not a recording");
        JarProcess.Run g = JarProcess.jar(dir, List.of(), List.of("flamegraph", "not.jfr"));
        assertEquals(2, g.code(), g.out() + g.err());
        assertEquals(1, g.err().strip().lines().count(), g.err());
        assertTrue(g.err().startsWith("jdlio: flamegraph: cannot read not.jfr as a JFR recording"), g.err());
    }

    @Test
    void aLongRunShowsPlainProgressLinesFromItsForkAndAShortOneNone() throws Exception {
        // 0.1 s between lines instead of 10: each 0.2 s epoch of this run is "long"
        JarProcess.Run r = JarProcess.jar(dir, List.of("-Djdlio.progress.interval=0.1"), TINY);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\n\\[jdlio\\] train epoch 1/1: step [0-4]/4, AU [0-9.]+%, [0-9.]+ MiB/s, "
                + "ETA [0-9]+m[0-9]{2}s\n.*"), r.out());
        assertFalse(r.out().contains("\r"), "no carriage return when the output is not a terminal");

        JarProcess.Run quiet = JarProcess.jar(dir, List.of(), TINY);
        assertEquals(0, quiet.code(), quiet.out() + quiet.err());
        assertFalse(quiet.out().contains("[jdlio] train epoch"), "an epoch shorter than 10 s prints no progress: "
                + quiet.out());
    }
}
