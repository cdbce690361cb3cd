package io.jdlio.sweep;

import io.jdlio.metrics.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep's answer and its evidence: what sweep.json holds and what the console shows. {@code threshold} is in
 * percent, as each probe's {@code au_percent}; {@code metric_au} is the workload's fraction it came from. While
 * the sweep runs, {@code answer} is null and {@code complete} false.
 */
public record SweepReport(String workload, String model, double metricAu, int maxAccelerators, String limitedBy,
                          DatasetSize dataset, List<Probe> probes, AcceleratorSearch.Outcome outcome) {

    /**
     * The training set against MLPerf Storage's minimum for a count: 500 steps of every accelerator's batch, and 5 x
     * the host's memory (so the page cache cannot hold it), in samples.
     */
    public record DatasetSize(long samples, int batch, double recordLengthBytes, double hostMemoryGiB) {
        public long mlperfMinimum(int accelerators) {
            long steps = 500L * batch * accelerators;
            long memory = recordLengthBytes > 0
                    ? (long) Math.ceil(5 * hostMemoryGiB * (1L << 30) / recordLengthBytes) : 0;
            return Math.max(steps, memory);
        }
    }


    public SweepReport {
        probes = List.copyOf(probes);
    }

    public double thresholdPercent() {
        return metricAu * 100;
    }

    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", workload);
        m.put("model", model);
        m.put("metric_au", metricAu);
        m.put("threshold", thresholdPercent());
        m.put("max_accelerators", maxAccelerators);
        m.put("max_accelerators_limited_by", limitedBy);
        m.put("complete", outcome != null);
        m.put("answer", outcome == null ? null : outcome.answer());
        m.put("answer_is_lower_bound", outcome != null && outcome.atLeast());
        m.put("dataset_samples", dataset.samples());
        m.put("mlperf_min_samples_for_answer", outcome == null || outcome.answer() == 0 ? null
                : dataset.mlperfMinimum(outcome.answer()));
        List<Object> p = new ArrayList<>();
        probes.forEach(x -> p.add(x.json()));
        m.put("probes", p);
        return Json.write(m);
    }

    /** The probes by accelerator count, one row each. */
    public List<String> table() {
        List<String> rows = new ArrayList<>();
        rows.add(String.format(Locale.ROOT, "%14s %10s %14s %8s %7s  %s", "accelerators", "AU (%)", "samples/s",
                "steps", "verdict", "output"));
        probes.stream().sorted(Comparator.comparingInt(Probe::accelerators)).forEach(x -> rows.add(String.format(
                Locale.ROOT, "%14d %10.2f %14.1f %8d %7s  %s", x.accelerators(), x.auPercent(), x.samplesPerSecond(),
                x.stepsPerAccelerator(), x.passed() ? "pass" : "FAIL", x.output())));
        return rows;
    }

    /** A note when the dataset is below MLPerf Storage's minimum for the answer, else empty. */
    public String datasetNote() {
        if (outcome == null || outcome.answer() == 0 || dataset.samples() >= dataset.mlperfMinimum(outcome.answer())) {
            return "";
        }
        return String.format(Locale.ROOT, "note: for %d accelerators MLPerf Storage wants a training set of at least "
                + "%,d samples (500 steps of every accelerator's batch, and 5 x this host's %.1f GiB of memory); "
                + "this one has %,d, so the page cache can flatter its AU: raise dataset.num_files_train for a "
                + "submission",
                outcome.answer(), dataset.mlperfMinimum(outcome.answer()), dataset.hostMemoryGiB(), dataset.samples());
    }

    /** The answer in one sentence, with the figures that decide it. */
    public String answerLine() {
        if (outcome == null) {
            return "no answer yet";
        }
        String threshold = String.format(Locale.ROOT, "%.2f%% (metric.au %s)", thresholdPercent(), metricAu);
        if (outcome.answer() == 0) {
            Probe one = probes.stream().filter(x -> x.accelerators() == 1).findFirst().orElseThrow();
            return String.format(Locale.ROOT, "answer: 0 accelerators: even 1 accelerator's AU (%.2f%%) is below %s: "
                    + "this storage cannot keep one emulated accelerator of %s busy; see docs/sweep.md for what to "
                    + "check", one.auPercent(), threshold, model);
        }
        Probe best = probes.stream().filter(x -> x.accelerators() == outcome.answer()).findFirst().orElseThrow();
        if (outcome.atLeast()) {
            return String.format(Locale.ROOT, "answer: at least %d accelerators: every count tried passed %s, the "
                    + "largest with AU %.2f%% and %.1f samples/s; %s", outcome.answer(), threshold, best.auPercent(),
                    best.samplesPerSecond(), limitedBy);
        }
        Probe fail = probes.stream().filter(x -> x.accelerators() == outcome.firstFailure()).findFirst().orElseThrow();
        return String.format(Locale.ROOT, "answer: %d accelerators: AU %.2f%% and %.1f samples/s meet %s; %d "
                + "accelerators fall below it (AU %.2f%%)", outcome.answer(), best.auPercent(),
                best.samplesPerSecond(), threshold, fail.accelerators(), fail.auPercent());
    }
}
