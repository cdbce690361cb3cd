package io.jdlio.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * One JMH iteration: the profiler around iteration setup, the invocation and iteration teardown; returns
     * the secondary results.
     */
    private static List<Result> iteration(WorkloadState s, IterationType type) throws Exception {
        EpochMetricsProfiler profiler = new EpochMetricsProfiler();
        IterationParams params = new IterationParams(type, 1, TimeValue.NONE, 1);
        profiler.beforeIteration(null, params);
        s.setUpIteration(params);
        s.epoch();
        s.afterEpoch();
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

    @Test
    void theEpochCheckpointAndEvaluationFollowTheTimedStepsInDliosOrder() throws Exception {
        Path ckpt = dir.resolve("ckpt");
        WorkloadState s = state(";workflow.checkpoint=True;checkpoint.checkpoint_folder=" + ckpt
                + ";checkpoint.checkpoint_after_epoch=1");
        s.setUpTrial();
        IterationParams params = new IterationParams(IterationType.MEASUREMENT, 1, TimeValue.NONE, 1);
        EpochMetricsProfiler profiler = new EpochMetricsProfiler();
        profiler.beforeIteration(null, params);
        s.setUpIteration(params);
        List<io.jdlio.metrics.AcceleratorEpoch> records = s.epoch();
        assertFalse(java.nio.file.Files.exists(ckpt.resolve("global_epoch1_step5")), "no save inside the score");
        assertNull(records.get(0).eval, "no evaluation inside the score");
        s.afterEpoch();
        assertTrue(java.nio.file.Files.exists(ckpt.resolve("global_epoch1_step5")), "saved after the steps");
        io.jdlio.metrics.CheckpointTiming save = records.get(0).checkpoints.get(0);
        assertTrue(records.get(0).eval != null && save.end().compareTo(records.get(0).eval.startTime()) <= 0,
                "the checkpoint, then evaluation, as DLIO orders them");
        Map<String, List<Result>> figures = byLabel(List.of(new ArrayList<>(profiler.afterIteration(null, params, null))));
        assertEquals(save.seconds(), figures.get("checkpoint_seconds").get(0).getScore(), 1e-9,
                "the save's time is its own figure");
        assertTrue(figures.containsKey("eval_seconds") && figures.containsKey("au_percent"), figures::toString);
        s.tearDownTrial();
    }
}
