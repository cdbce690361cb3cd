package io.jdlio.bench.workload;

import io.jdlio.metrics.Latency;
import io.jdlio.metrics.ObjectRequest;
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

    /** Per backend and request kind: s3_get_latency_p99_ms, azure_put_block_latency_max_ms, ... */
    public static void objectRequests(Map<ObjectRequest, Latency> requests) {
        requests.forEach((r, l) -> {
            Latency.Percentiles p = l.percentiles();
            String name = r.backend() + "_" + r.kind() + "_latency_";
            average(name + "p50_ms", p.p50(), "ms");
            average(name + "p99_ms", p.p99(), "ms");
            average(name + "max_ms", p.max(), "ms");
        });
    }

    static synchronized Map<String, Figure> drain() {
        Map<String, Figure> out = new LinkedHashMap<>(PENDING);
        PENDING.clear();
        return out;
    }
}
