package io.jdlio.bench.workload;

import io.jdlio.metrics.CheckpointTiming;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One invocation is one whole checkpoint saved, or loaded, by every emulated accelerator at once. The score is
 * the wall time; MLPerf Storage reports the slowest rank's duration and the checkpoint size over it, which
 * are the secondary metrics. The launcher measures num_checkpoints_write iterations unless -i is given.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class CheckpointBenchmark {

    @Benchmark
    public List<CheckpointTiming> save(CheckpointState state) {
        return state.save();
    }

    @Benchmark
    public List<CheckpointTiming> load(CheckpointState state) {
        return state.load();
    }
}
