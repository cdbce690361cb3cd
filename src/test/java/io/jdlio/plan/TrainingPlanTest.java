package io.jdlio.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Trimming, disjoint per-accelerator shares, and shuffles that change order but never coverage. */
class TrainingPlanTest {

    private static TrainingPlan plan(int files, int nspf, int batch, int accelerators, String... overrides) {
        String yaml = TestYaml.workload().set("dataset.format", "npz").set("dataset.num_files_train", files)
                .set("dataset.num_samples_per_file", nspf).set("reader.batch_size", batch).text();
        Workload w = WorkloadLoader.parse("t.yaml", yaml, List.of(overrides));
        return new TrainingPlan(w, new DatasetPlan(w.dataset()), accelerators);
    }

    private static List<long[]> read(TrainingPlan p, int epoch, int accelerator) {
        List<long[]> out = new ArrayList<>();
        SampleOrder o = p.order(Split.TRAIN, epoch, accelerator);
        o.forRange(0, o.size(), (f, s) -> out.add(new long[] {f, s}));
        return out;
    }

    /** An epoch whose steps are all left out of the AU window is named before it runs, with what to change. */
    @Test
    void anEpochWithNoStepInTheAuWindowIsSaidToBeOne() {
        // 8 files of one sample, batch 2, 4 accelerators: one step each, and the first is left out
        String m = plan(8, 1, 2, 4).emptyAuWindow().orElseThrow();
        assertTrue(m.contains("1 training step(s) per accelerator on 4 accelerator(s)") && m.contains("raise"), m);
        assertTrue(plan(8, 1, 2, 2).emptyAuWindow().isEmpty(), "two steps leave one to measure");
        assertTrue(plan(8, 1, 2, 2, "output.metric.exclude_start_steps=2").emptyAuWindow().isPresent());
    }

    /**
     * An unshuffled segment reaches a visitor as runs, a shuffled one sample by sample; the samples and their
     * order are the same as visiting each, for any window of positions (a batch may start inside a file).
     */
    @Test
    void runsCoverTheSameSamplesInTheSameOrder() {
        for (String shuffle : List.of("off", "seed")) {
            TrainingPlan p = plan(5, 7, 3, 1, "reader.sample_shuffle=" + shuffle);
            SampleOrder o = p.order(Split.TRAIN, 1, 0);
            for (long from = 0; from < o.size(); from += 4) {
                long to = Math.min(o.size(), from + 10);
                List<String> each = new ArrayList<>();
                o.forRange(from, to, (f, s) -> each.add(f + ":" + s));
                List<String> runs = new ArrayList<>();
                int[] runCalls = {0};
                o.forRange(from, to, new SampleVisitor() {
                    @Override
                    public void sample(int f, int s) {
                        runs.add(f + ":" + s);
                    }

                    @Override
                    public void run(int f, int first, int count) {
                        runCalls[0]++;
                        SampleVisitor.super.run(f, first, count);
                    }
                });
                assertEquals(each, runs, shuffle + " [" + from + ", " + to + ")");
                assertEquals(shuffle.equals("off"), runCalls[0] > 0, shuffle + ": runs only when unshuffled");
            }
        }
    }

    @Test
    void trimsSamplesNotFiles() {
        // DLIO HEAD would trim 6 files x 4 samples, batch 2 to zero files (docs/differences.md, "trimming")
        TrainingPlan p = plan(6, 4, 2, 1);
        assertEquals(24, p.train().samplesUsed());
        assertEquals(12, p.trainStepsPerEpoch());
        TrainingPlan three = plan(13, 1, 4, 3);
        assertEquals(12, three.train().samplesUsed());
        assertEquals(1, three.train().samplesTrimmed());
        assertEquals(1, three.trainStepsPerEpoch(), "every accelerator runs the same number of steps");
    }

    @Test
    void sharesAreDisjointAndCoverTheTrimmedSet() {
        for (String shuffle : List.of("off", "seed")) {
            TrainingPlan p = plan(25, 3, 4, 3, "reader.file_shuffle=" + shuffle, "reader.sample_shuffle=" + shuffle);
            Set<Long> seen = new HashSet<>();
            for (int r = 0; r < 3; r++) {
                List<long[]> samples = read(p, 1, r);
                assertEquals(p.train().samplesPerAccelerator(), samples.size());
                for (long[] s : samples) {
                    assertTrue(seen.add(s[0] * 3 + s[1]), "sample read twice: file " + s[0] + " sample " + s[1]);
                }
            }
            assertEquals(72, seen.size());
        }
    }

    @Test
    void seededShufflesRepeatPerEpochAndChangeAcrossEpochs() {
        TrainingPlan p = plan(40, 1, 2, 1, "reader.file_shuffle=seed", "reader.sample_shuffle=seed");
        List<long[]> e1 = read(p, 1, 0);
        List<long[]> again = read(p, 1, 0);
        List<long[]> e2 = read(p, 2, 0);
        assertEquals(flat(e1), flat(again));
        assertNotEquals(flat(e1), flat(e2));
        TrainingPlan fixed = plan(40, 1, 2, 1, "reader.file_shuffle=seed", "train.seed_change_epoch=False");
        assertEquals(flat(read(fixed, 1, 0)), flat(read(fixed, 2, 0)));
        TrainingPlan off = plan(40, 1, 2, 1);
        List<Long> ascending = flat(read(off, 3, 0));
        for (int i = 1; i < ascending.size(); i++) {
            assertTrue(ascending.get(i) > ascending.get(i - 1));
        }
    }

    @Test
    void fileShuffleIsNumpysSeededShuffle() {
        TrainingPlan p = plan(10, 1, 1, 1, "reader.file_shuffle=seed", "train.seed=123");
        // np.random.seed(124); a = np.arange(10); np.random.shuffle(a) -> the order DLIO's epoch 1 uses
        io.jdlio.data.LegacyRandom r = new io.jdlio.data.LegacyRandom(124);
        int[] expected = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        r.shuffle(expected);
        List<long[]> order = read(p, 1, 0);
        for (int i = 0; i < 10; i++) {
            assertEquals(expected[i], order.get(i)[0]);
        }
    }

    @Test
    void sampleShuffleKeepsAFilesSamplesTogether() {
        TrainingPlan p = plan(8, 16, 4, 1, "reader.sample_shuffle=seed");
        List<long[]> order = read(p, 1, 0);
        Set<Long> finished = new HashSet<>();
        long current = -1;
        boolean reordered = false;
        for (int i = 0; i < order.size(); i++) {
            long f = order.get(i)[0];
            if (f != current) {
                assertFalse(finished.contains(f), "file " + f + " revisited: it would be read twice");
                if (current >= 0) {
                    finished.add(current);
                }
                current = f;
            }
            reordered |= i > 0 && order.get(i)[0] == order.get(i - 1)[0] && order.get(i)[1] != order.get(i - 1)[1] + 1;
        }
        assertTrue(reordered, "samples inside a file are permuted");
    }

    private static List<Long> flat(List<long[]> samples) {
        List<Long> out = new ArrayList<>();
        for (long[] s : samples) {
            out.add(s[0] * 1000 + s[1]);
        }
        return out;
    }
}
