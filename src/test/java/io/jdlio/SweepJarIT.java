package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sweep verb through the jar, on tiny workloads whose answer is known whatever the machine: a threshold every
 * count meets (the answer is the maximum tried), and a workload with no compute, whose AU is 0 on any storage.
 */
class SweepJarIT {
    /** 64 one-sample files, batch 4: 16 steps on one accelerator, 2 on eight. */
    private static final List<String> TINY = List.of("-p", "config=default_tiny.yaml", "-wi", "0",
            "dataset.num_files_train=64", "workflow.evaluation=False");

    @TempDir
    Path dir;

    private JarProcess.Run jar(List<String> args) throws Exception {
        return JarProcess.jar(dir, List.of(), with(List.of("sweep"), args.toArray(new String[0])));
    }

    private static List<String> with(List<String> a, String... more) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }

    private JsonNode sweepJson() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("output"))) {
            Path f = s.filter(p -> p.getFileName().toString().equals("sweep.json")).findFirst().orElseThrow();
            return new ObjectMapper().readTree(f.toFile());
        }
    }

    @Test
    void aThresholdEveryCountMeetsAnswersTheLargestCountTriedWithEveryProbeKept() throws Exception {
        JarProcess.Run r = jar(with(TINY, "metric.au=0.0001", "--max-accelerators", "4"));
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode s = sweepJson();
        assertEquals(4, s.get("answer").asInt(), s.toString());
        assertTrue(s.get("answer_is_lower_bound").asBoolean());
        assertTrue(s.get("complete").asBoolean());
        assertEquals(0.01, s.get("threshold").asDouble(), 1e-9, "percent, as au_percent");
        List<Integer> tried = new ArrayList<>();
        for (JsonNode p : s.get("probes")) {
            tried.add(p.get("accelerators").asInt());
            assertTrue(p.get("passed").asBoolean());
            assertTrue(p.get("au_percent").asDouble() > 0.01 && p.get("au_percent").asDouble() <= 100, p.toString());
            assertTrue(p.get("samples_per_second").asDouble() > 0, p.toString());
            assertEquals(64 / 4 / p.get("accelerators").asInt(), p.get("steps_per_accelerator").asInt());
            // each probe's DLIO outputs, its AU the one the sweep kept
            Path summary = dir.resolve("output/default_tiny").resolve(runFolder()).resolve(p.get("output").asText())
                    .resolve("summary.json");
            JsonNode sum = new ObjectMapper().readTree(summary.toFile());
            assertEquals(p.get("accelerators").asInt(), sum.get("num_accelerators").asInt());
        }
        assertEquals(List.of(1, 2, 4), tried);
        assertTrue(r.out().contains("[jdlio] answer: at least 4 accelerators"), r.out());
        assertTrue(r.out().matches("(?s).*\\[jdlio\\] +4 +[0-9.]+ +[0-9.]+ +4 +pass +accelerators-4.*"), r.out());
        // the dataset is written once, before the first probe, and reused by the others
        assertEquals(1, count(r.out(), "generate: 68/68 files"), r.out());
        assertEquals(3, count(r.out(), "(0 files written, 68 reused)"), r.out());
        assertFalse(r.out().contains("[METRIC]"), "the probes' DLIO blocks stay in their folders: " + r.out());
    }

    @Test
    void aWorkloadOneAcceleratorCannotMeetAnswersZeroSaidPlainly() throws Exception {
        // no compute: AU is 0 on any storage, below any threshold
        JarProcess.Run r = jar(with(TINY, "train.computation_time=0"));
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode s = sweepJson();
        assertEquals(0, s.get("answer").asInt());
        assertEquals(1, s.get("probes").size(), "nothing beyond one accelerator is tried");
        assertEquals(90.0, s.get("threshold").asDouble(), 1e-9);
        assertTrue(r.out().contains("[jdlio] answer: 0 accelerators: even 1 accelerator's AU (0.00%) is below "
                + "90.00%"), r.out());
    }

    @Test
    void theSweepChoosesTheCountsItselfAndSaysSoInOneLine() throws Exception {
        JarProcess.Run r = jar(with(TINY, "-p", "accelerators=4"));
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("jdlio: sweep: -p accelerators=4: the sweep chooses"), r.err());
    }

    @Test
    void nothingToSweepShowsTheUsageAndFails() throws Exception {
        JarProcess.Run r = jar(List.of());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("sweep -p config="), r.err());
        assertEquals(0, jar(List.of("--help")).code());
    }

    private String runFolder() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("output/default_tiny"))) {
            return s.findFirst().orElseThrow().getFileName().toString();
        }
    }

    private static int count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }
}
