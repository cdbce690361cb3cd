package io.jdlio.sweep;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The largest accelerator count whose trial passes, found as an MLPerf Storage submitter would by hand: 1, 2, 4...
 * doubling while trials pass (the last step lands on {@code max}), then bisecting between the largest count that
 * passed and the smallest that failed. A count is tried at most once; AU is taken to fall as accelerators grow, so
 * about 2 log2(answer) trials suffice.
 */
public final class AcceleratorSearch {
    /** Runs one trial on {@code accelerators}. */
    @FunctionalInterface
    public interface Trial {
        Probe run(int accelerators) throws IOException;
    }

    /** Called after every trial with all trials so far, so a sweep's evidence is kept as it grows. */
    @FunctionalInterface
    public interface Listener {
        void probed(List<Probe> probes) throws IOException;
    }

    /**
     * The search's result: {@code answer} is the largest count that passed (0 when 1 failed); {@code atLeast} is
     * true when {@code max} itself passed, so the storage may sustain more than was tried.
     */
    public record Outcome(int answer, boolean atLeast, int max, List<Probe> probes) {
        public Outcome {
            probes = List.copyOf(probes);
        }

        /** The smallest count tried that failed, or 0 when none did. */
        public int firstFailure() {
            return probes.stream().filter(p -> !p.passed()).mapToInt(Probe::accelerators).min().orElse(0);
        }
    }

    private AcceleratorSearch() {
    }

    public static Outcome search(int max, Trial trial, Listener listener) throws IOException {
        if (max < 1) {
            throw new IllegalArgumentException("max accelerators " + max);
        }
        List<Probe> probes = new ArrayList<>();
        int passed = 0;
        int failed = 0;
        for (int n = 1; ; n = (int) Math.min(2L * n, max)) {
            Probe p = probe(trial, n, probes, listener);
            if (!p.passed()) {
                failed = n;
                break;
            }
            passed = n;
            if (n == max) {
                return new Outcome(max, true, max, probes);
            }
        }
        while (failed - passed > 1) {
            int mid = passed + (failed - passed) / 2;
            if (probe(trial, mid, probes, listener).passed()) {
                passed = mid;
            } else {
                failed = mid;
            }
        }
        return new Outcome(passed, false, max, probes);
    }

    private static Probe probe(Trial trial, int n, List<Probe> probes, Listener listener) throws IOException {
        Probe p = trial.run(n);
        probes.add(p);
        listener.probed(List.copyOf(probes));
        return p;
    }
}
