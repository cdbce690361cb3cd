package io.jdlio.bench.workload;

import io.jdlio.metrics.AcceleratorEpoch;
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
 * One invocation is one DLIO training epoch's steps over all emulated accelerators, the span DLIO's epoch
 * duration measures; the epoch checkpoint and evaluation follow in the iteration teardown, outside the score
 * (step checkpoints interrupt the steps and stay inside it). The warmup epoch pays for JIT, thread start and
 * first-touch effects and is left out of DLIO's outputs; the launcher sets the measured iterations to the
 * YAML's train.epochs unless -i is given.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class TrainingEpochBenchmark {

    @Benchmark
    public List<AcceleratorEpoch> epoch(WorkloadState workload) {
        return workload.epoch();
    }
}
