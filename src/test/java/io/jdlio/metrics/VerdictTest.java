package io.jdlio.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** MLPerf Storage's rules, each judged from the run's numbers and shown with them. */
class VerdictTest {
    private static final double RAM = 16;

    /** unet3d-like: 8 accelerators of batch 7, metric.au 0.90, {@code files} samples of 140 MB. */
    private static RunFacts training(int files, double dataGiB) {
        return new RunFacts("unet3d", 8, files, 0, 1, 146600628, 0.90, 7, 1, 1, 0, false, dataGiB, true, 0);
    }

    private static Map<String, Verdict> byRule(List<Verdict> v) {
        return v.stream().collect(Collectors.toMap(x -> x.rule().replaceAll(" \\(.*", ""), x -> x));
    }

    @Test
    void auBelowTheWorkloadsMinimumFailsAndAtItPasses() {
        assertEquals(Verdict.FAIL, byRule(Verdict.judge(training(28000, 100), RAM, 89.99, 0, false, true))
                .get("training AU meets the workload's minimum").status());
        Verdict pass = byRule(Verdict.judge(training(28000, 100), RAM, 90.0, 0, false, true))
                .get("training AU meets the workload's minimum");
        assertEquals(Verdict.PASS, pass.status());
        assertEquals("AU 90.00 %", pass.measured());
        assertEquals("at least 90.00 %", pass.required());
    }

    @Test
    void theDatasetMustHold500StepsAndFiveTimesTheHostsMemory() {
        // 500 steps x 7 x 8 = 28,000 samples; 5 x 16 GiB = 80 GiB
        Map<String, Verdict> ok = byRule(Verdict.judge(training(28000, 80), RAM, 95, 0, false, true));
        assertEquals(Verdict.PASS, ok.get("dataset holds at least 500 steps").status());
        assertEquals(Verdict.PASS, ok.get("dataset is at least 5 x host memory").status());
        Map<String, Verdict> small = byRule(Verdict.judge(training(27999, 79.9), RAM, 95, 0, false, true));
        assertEquals(Verdict.FAIL, small.get("dataset holds at least 500 steps").status());
        assertTrue(small.get("dataset holds at least 500 steps").required().contains("28000"));
        assertEquals(Verdict.FAIL, small.get("dataset is at least 5 x host memory").status());
    }

    @Test
    void checkpointReadsBelowThreeTimesMemoryNeedTheCacheFlushed() {
        RunFacts ckpt = new RunFacts("llama3_8b", 8, 0, 0, 1, 0, 0.9, 1, 1, 0, 0, false, 0, false, 104.7);
        long small = 40L << 30;
        long big = 49L << 30;
        String rule = "checkpoint reads bypass the page cache";
        assertEquals(Verdict.FAIL, byRule(Verdict.judge(ckpt, RAM, Double.NaN, small, true, false)).get(rule).status());
        assertEquals(Verdict.PASS, byRule(Verdict.judge(ckpt, RAM, Double.NaN, small, true, true)).get(rule).status());
        assertEquals(Verdict.PASS, byRule(Verdict.judge(ckpt, RAM, Double.NaN, big, true, false)).get(rule).status(),
                "more than 3 x memory cannot be cached whole");
        assertEquals(Verdict.NOT_APPLICABLE,
                byRule(Verdict.judge(ckpt, RAM, Double.NaN, small, false, false)).get(rule).status());
        assertTrue(byRule(Verdict.judge(ckpt, RAM, Double.NaN, 0, false, false)).values().stream()
                .noneMatch(v -> v.rule().startsWith("training")), "no training rules for a checkpoint run");
    }

    @Test
    void fiveRunsReplicateWithinFivePercent() {
        assertEquals(Verdict.PASS, Verdict.replication("samples/s", new double[] {100, 104, 96, 100, 100}).status());
        Verdict off = Verdict.replication("samples/s", new double[] {100, 100, 100, 100, 125});
        assertEquals(Verdict.FAIL, off.status());
        assertTrue(off.measured().contains("within 19.05 % of the mean 105"), off::measured);
        assertEquals(Verdict.NOT_APPLICABLE, Verdict.replication("samples/s", new double[] {1, 1, 1, 1}).status());
    }
}
