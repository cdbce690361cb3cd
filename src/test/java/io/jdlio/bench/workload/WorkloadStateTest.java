package io.jdlio.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.Aggregator;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;

/** The training benchmark's state driven as JMH drives it: trial setup, then per iteration setup, invocation. */
class WorkloadStateTest {
    @TempDir
    Path dir;

    private WorkloadState state(String extra) {
        WorkloadState s = new WorkloadState();
        s.config = "default_tiny.yaml";
        s.overrides = "dataset.data_folder=" + dir.resolve("data") + ";output.folder=" + dir.resolve("out") + extra;
        s.accelerators = 1;
        return s;
    }

    /** One JMH iteration: the profiler around iteration setup and the invocation; returns the secondary results. */
    private static List<Result> iteration(WorkloadState s, IterationType type) throws Exception {
        EpochMetricsProfiler profiler = new EpochMetricsProfiler();
        IterationParams params = new IterationParams(type, 1, TimeValue.NONE, 1);
        profiler.beforeIteration(null, params);
        s.setUpIteration(params);
        s.epoch();
        return new ArrayList<>(profiler.afterIteration(null, params, null));
    }

    private static Map<String, List<Result>> byLabel(List<List<Result>> iterations) {
        Map<String, List<Result>> m = new HashMap<>();
        for (List<Result> it : iterations) {
            for (Result r : it) {
                m.computeIfAbsent(r.getLabel(), k -> new ArrayList<>()).add(r);
            }
        }
        return m;
    }

    // JMH aggregates a secondary result over iterations with the result's own iteration aggregator
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Result aggregate(List<Result> results) throws Exception {
        Method m = Result.class.getDeclaredMethod("getIterationAggregator");
        m.setAccessible(true);
        return ((Aggregator) m.invoke(results.get(0))).aggregate(results);
    }

    @Test
    void bytesReadIsOneEpochsBytesNotTheSumOverIterations() throws Exception {
        WorkloadState s = state("");
        s.setUpTrial();
        List<List<Result>> measured = new ArrayList<>();
        iteration(s, IterationType.WARMUP);
        for (int i = 0; i < 3; i++) {
            measured.add(iteration(s, IterationType.MEASUREMENT));
        }
        Result bytes = aggregate(byLabel(measured).get("bytes_read"));
        s.tearDownTrial();
        // every epoch reads the same 16 files whole, so the per-epoch figure is exact
        double epoch = byLabel(measured).get("bytes_read").get(0).getScore();
        assertEquals(epoch, bytes.getScore(), 1e-6, "three epochs average to one epoch's bytes, not three times it");
        assertEquals(0, bytes.getScoreError(), 1e-6, "and with an error JMH can compute, not NaN");
    }
}
