package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.metrics.Block;
import io.jdlio.metrics.Spread;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.DoubleStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulated compute of a training step follows computation_time: the per-step compute times an epoch
 * records have its mean and its spread. The waits are real, on a shared machine, where a step now and then
 * is descheduled for tens of milliseconds; so the figures are the robust ones, which a few such steps cannot
 * move: the median (a normal's mean) and the interquartile range / 1.349 (a normal's standard deviation).
 */
class EmulatedComputeTest {
    private static final int STEPS = 240;

    @TempDir
    Path dir;

    /** One epoch of 240 one-sample steps with no reader threads, so the compute times are all there is. */
    private double[] computeTimes(Object computationTime) throws Exception {
        Path yaml = TestYaml.training(dir)
                .set("dataset.format", "synthetic")
                .set("dataset.num_files_train", STEPS)
                .set("dataset.record_length_bytes", 64)
                .set("reader.batch_size", 1)
                .set("reader.read_threads", 0)
                .set("train.computation_time", computationTime)
                .write(dir);
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", 1))) {
            s.ensureDataset(null);
            AcceleratorEpoch epoch = s.trainEpoch(true).get(0);
            DoubleStream.Builder all = DoubleStream.builder();
            for (Block b : epoch.blocks) {
                for (double c : b.compute.toArray()) {
                    all.add(c);
                }
            }
            double[] out = all.build().toArray();
            assertEquals(STEPS, out.length);
            return out;
        }
    }

    /** Median and interquartile range / 1.349: a normal distribution's mean and standard deviation. */
    private static Spread robust(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return new Spread(quantile(v, 0.5), (quantile(v, 0.75) - quantile(v, 0.25)) / 1.349);
    }

    private static double quantile(double[] sorted, double q) {
        double i = q * (sorted.length - 1);
        int lo = (int) Math.floor(i);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (i - lo) * (sorted[hi] - sorted[lo]);
    }

    @Test
    void aNormalComputeTimeHasItsMeanAndStdev() throws Exception {
        double[] times = computeTimes(Map.of("mean", 0.004, "stdev", 0.0015));
        Spread s = robust(times);
        // standard errors at 240 steps: ~0.12 ms for the median, ~0.1 ms for the spread
        assertEquals(0.004, s.mean(), 0.0005, () -> "median " + s + ", all " + Spread.of(times));
        assertEquals(0.0015, s.stdev(), 0.0005, () -> "spread " + s + ", all " + Spread.of(times));
    }

    @Test
    void aConstantComputeTimeHasNoSpread() throws Exception {
        double[] times = computeTimes(0.004);
        Spread s = robust(times);
        assertEquals(0.004, s.mean(), 0.0005, () -> "median " + s + ", all " + Spread.of(times));
        assertTrue(s.stdev() < 0.0002, () -> "a constant is not drawn from a distribution: " + s);
    }
}
