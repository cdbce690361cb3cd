package io.jdlio.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One MLPerf Storage rule judged on a run (docs/report.md, "MLPerf Storage verdicts"): {@code status} is pass, fail or "not applicable",
 * {@code measured} and {@code required} are the numbers behind it in words, {@code detail} says why.
 */
public record Verdict(String rule, String status, String measured, String required, String detail) {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String NOT_APPLICABLE = "not applicable";

    /** Runs whose samples/s may differ from their mean by at most this fraction: MLPerf's 5 %. */
    public static final double REPLICATION = 0.05;
    /** The measured runs MLPerf asks for, after a warm-up run. */
    public static final int RUNS = 5;

    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", rule);
        m.put("status", status);
        m.put("measured", measured);
        m.put("required", required);
        m.put("detail", detail);
        return m;
    }

    private static String status(boolean pass) {
        return pass ? PASS : FAIL;
    }

    /**
     * The rules one run can be judged by. {@code auPercent} is NaN for a run without training epochs;
     * {@code checkpointBytes} is one checkpoint over all ranks on this host; {@code loaded} says checkpoints were read
     * back, {@code cacheFlushed} that nothing suggests the page cache served those reads.
     */
    public static List<Verdict> judge(RunFacts f, double ramGiB, double auPercent, long checkpointBytes,
                                      boolean loaded, boolean cacheFlushed) {
        List<Verdict> out = new ArrayList<>();
        if (f.training()) {
            out.add(new Verdict("training AU meets the workload's minimum (metric.au)",
                    status(auPercent >= 100 * f.auTarget()),
                    fmt("AU %.2f %%", auPercent), fmt("at least %.2f %%", 100 * f.auTarget()),
                    "samples/s is a valid result only while the emulated accelerators are this busy"));
            long samples = (long) f.numFilesTrain() * f.samplesPerFile();
            long stepsSamples = 500L * f.batch() * f.accelerators();
            out.add(new Verdict("dataset holds at least 500 steps", status(samples >= stepsSamples),
                    fmt("%d samples", samples), fmt("at least %d samples (500 steps x batch %d x %d accelerators)",
                            stepsSamples, f.batch(), f.accelerators()),
                    "MLPerf's min_samples takes the larger of this and 5 x host memory"));
            out.add(new Verdict("dataset is at least 5 x host memory", status(f.dataSetGiB() >= 5 * ramGiB),
                    fmt("%.2f GiB", f.dataSetGiB()), fmt("at least %.2f GiB (5 x %.2f GiB)", 5 * ramGiB, ramGiB),
                    "a smaller dataset can be served from the page cache after the first epoch"));
        }
        if (checkpointBytes > 0) {
            double gib = checkpointBytes / (double) (1L << 30);
            boolean small = gib < 3 * ramGiB;
            String measured = fmt("%.2f GiB per checkpoint on this client", gib);
            String required = fmt("at least %.2f GiB (3 x %.2f GiB), else the page cache flushed before reads",
                    3 * ramGiB, ramGiB);
            if (!loaded) {
                out.add(new Verdict("checkpoint reads bypass the page cache", NOT_APPLICABLE, measured, required,
                        "this run reads no checkpoint back"));
            } else {
                out.add(new Verdict("checkpoint reads bypass the page cache", status(!small || cacheFlushed),
                        measured, required, !small ? "the data per client exceeds what the page cache can hold"
                        : cacheFlushed ? "read with O_DIRECT or after dropping the page cache"
                        : "loads may have been served by the page cache: no O_DIRECT here and no permission to drop "
                                + "caches (run as root, or on storage that supports O_DIRECT)"));
            }
        }
        out.add(new Verdict("5 runs replicate within 5 %", NOT_APPLICABLE, "1 run", RUNS + " runs",
                "the report verb judges this when it is given the 5 runs' outputs together"));
        return out;
    }

    /** MLPerf's replication rule over {@code values} (one figure per run, e.g. samples/s or GB/s). */
    public static Verdict replication(String figure, double[] values) {
        if (values.length < RUNS) {
            return new Verdict("5 runs replicate within 5 %", NOT_APPLICABLE, values.length + " run(s)",
                    RUNS + " runs", "give the report verb the outputs of 5 runs of one workload");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double worst = 0;
        for (double v : values) {
            worst = Math.max(worst, Math.abs(v - mean) / mean);
        }
        return new Verdict("5 runs replicate within 5 %", status(worst <= REPLICATION),
                fmt("%s within %.2f %% of the mean %.4g over %d runs", figure, 100 * worst, mean, values.length),
                fmt("within %.0f %%", 100 * REPLICATION), "MLPerf asks for 5 consecutive runs that replicate");
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
