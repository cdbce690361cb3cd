package io.jdlio.bench.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures a benchmark invocation computed that JMH should report beside its time. In SingleShotTime JMH
 * drops OPERATIONS aux counters and sums EVENTS ones, which is wrong for a percentage, so the invocation
 * publishes here and {@link EpochMetricsProfiler} hands them to JMH after each iteration. Every figure is
 * per invocation (one epoch, one checkpoint, one generation) and averaged over iterations: a sum over
 * iterations would grow with -i and has no error JMH can compute.
 */
public final class SecondaryMetrics {
    record Figure(double value, String unit) {
    }

    private static final Map<String, Figure> PENDING = new LinkedHashMap<>();

    private SecondaryMetrics() {
    }

    public static synchronized void average(String name, double value, String unit) {
        PENDING.put(name, new Figure(value, unit));
    }

    static synchronized Map<String, Figure> drain() {
        Map<String, Figure> out = new LinkedHashMap<>(PENDING);
        PENDING.clear();
        return out;
    }
}
