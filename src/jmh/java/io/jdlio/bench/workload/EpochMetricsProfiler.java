package io.jdlio.bench.workload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/** Turns what a workload invocation published in {@link SecondaryMetrics} into JMH secondary results. */
public final class EpochMetricsProfiler implements InternalProfiler {

    @Override
    public String getDescription() {
        return "jdlio workload figures: AU, samples/s, MiB/s read, DLIO-derived MiB/s, read and checkpoint file "
                + "latency percentiles, generation GiB/s";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        SecondaryMetrics.drain();
    }

    @Override
    @SuppressWarnings("rawtypes") // JMH's own signature
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams,
                                                       IterationParams iterationParams, IterationResult result) {
        List<Result> out = new ArrayList<>();
        for (Map.Entry<String, SecondaryMetrics.Figure> e : SecondaryMetrics.drain().entrySet()) {
            SecondaryMetrics.Figure f = e.getValue();
            out.add(new ScalarResult(e.getKey(), f.value(), f.unit(), AggregationPolicy.AVG));
        }
        return out;
    }
}
