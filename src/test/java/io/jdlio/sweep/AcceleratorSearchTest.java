package io.jdlio.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceleratorSearchTest {

    /** A storage that sustains exactly {@code sustained} accelerators. */
    private static AcceleratorSearch.Outcome search(int sustained, int max, List<Integer> tried) throws Exception {
        return AcceleratorSearch.search(max, n -> {
            tried.add(n);
            return new Probe(n, n <= sustained ? 95 : 50, n * 10.0, n <= sustained, 10, 1, "accelerators-" + n);
        }, probes -> { });
    }

    @Test
    void findsTheLargestPassingCountForEveryAnswerUpToTheMaximum() throws Exception {
        for (int max : new int[] {1, 2, 3, 7, 8, 100}) {
            for (int sustained = 0; sustained <= max + 1; sustained++) {
                List<Integer> tried = new ArrayList<>();
                AcceleratorSearch.Outcome o = search(sustained, max, tried);
                int expected = Math.min(sustained, max);
                assertEquals(expected, o.answer(), "sustained " + sustained + ", max " + max + ", tried " + tried);
                assertEquals(sustained >= max, o.atLeast(), "tried " + tried);
                assertEquals(tried.size(), new HashSet<>(tried).size(), "no count is tried twice: " + tried);
                assertTrue(tried.stream().allMatch(n -> n >= 1 && n <= max), tried.toString());
                // doubling then bisecting: about 2 log2 of the maximum trials at most
                int log = 32 - Integer.numberOfLeadingZeros(max);
                assertTrue(tried.size() <= 2 * log + 1, "too many trials " + tried);
                assertEquals(tried.size(), o.probes().size());
            }
        }
    }

    @Test
    void doublesFromOneThenBisects() throws Exception {
        List<Integer> tried = new ArrayList<>();
        AcceleratorSearch.Outcome o = search(5, 64, tried);
        assertEquals(List.of(1, 2, 4, 8, 6, 5), tried);
        assertEquals(5, o.answer());
        assertEquals(6, o.firstFailure());
        assertFalse(o.atLeast());
    }

    @Test
    void oneAcceleratorFailingAnswersZeroAfterOneTrial() throws Exception {
        List<Integer> tried = new ArrayList<>();
        AcceleratorSearch.Outcome o = search(0, 64, tried);
        assertEquals(List.of(1), tried);
        assertEquals(0, o.answer());
        SweepReport r = new SweepReport("w.yaml", "w", 0.9, 64, "limit",
                new SweepReport.DatasetSize(100, 4, 4096, 1), o.probes(), o);
        assertTrue(r.answerLine().startsWith(
                "answer: 0 accelerators: even 1 accelerator's AU (50.00%) is below 90.00%"), r.answerLine());
    }

    @Test
    void aDatasetBelowMlperfsMinimumForTheAnswerIsNoted() throws Exception {
        AcceleratorSearch.Outcome o = search(4, 4, new ArrayList<>());
        // 1 GiB of memory and 1 MiB samples: 5,120 samples; 500 steps of batch 2 on 4 accelerators: 4,000
        SweepReport.DatasetSize size = new SweepReport.DatasetSize(5_000, 2, 1 << 20, 1);
        assertEquals(5_120, size.mlperfMinimum(4));
        assertEquals(4_000, new SweepReport.DatasetSize(5_000, 2, 1 << 30, 1).mlperfMinimum(4));
        SweepReport r = new SweepReport("w.yaml", "w", 0.9, 4, "limit", size, o.probes(), o);
        assertTrue(r.datasetNote().startsWith("note: for 4 accelerators MLPerf Storage wants a training set of at "
                + "least 5,120 samples"), r.datasetNote());
        assertTrue(r.json().contains("\"mlperf_min_samples_for_answer\": 5120"), r.json());
        SweepReport big = new SweepReport("w.yaml", "w", 0.9, 4, "limit", new SweepReport.DatasetSize(6_000, 2,
                1 << 20, 1), o.probes(), o);
        assertEquals("", big.datasetNote());
    }

    @Test
    void theListenerSeesEveryProbeAsItLands() throws Exception {
        List<Integer> sizes = new ArrayList<>();
        AcceleratorSearch.search(16, n -> new Probe(n, 95, 1, n <= 3, 1, 1, ""), p -> sizes.add(p.size()));
        assertEquals(List.of(1, 2, 3, 4), sizes);
    }
}
