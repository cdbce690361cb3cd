package io.jdlio.bench.workload;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Figures a benchmark invocation computed that JMH should report beside its time. In SingleShotTime JMH
 * drops OPERATIONS aux counters and sums EVENTS ones, which is wrong for a percentage, so the invocation
 * publishes here and {@link EpochMetricsProfiler} hands them to JMH after each iteration, averaged.
 */
public final class SecondaryMetrics {
    record Figure(double value, String unit, boolean sum) {
    }

    private static final Map<String, Figure> PENDING = new LinkedHashMap<>();

    private SecondaryMetrics() {
    }

    public static synchronized void average(String name, double value, String unit) {
        PENDING.put(name, new Figure(value, unit, false));
    }

    public static synchronized void total(String name, double value, String unit) {
        PENDING.put(name, new Figure(value, unit, true));
    }

    static synchronized Map<String, Figure> drain() {
        Map<String, Figure> out = new LinkedHashMap<>(PENDING);
        PENDING.clear();
        return out;
    }
}
