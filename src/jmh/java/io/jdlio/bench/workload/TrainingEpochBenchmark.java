package io.jdlio.bench.workload;

import io.jdlio.metrics.EpochFigures;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One invocation is one DLIO training epoch over all emulated accelerators. The warmup epoch pays for
 * JIT, thread start and first-touch effects and is left out of DLIO's outputs; the launcher sets the
 * measured iterations to the YAML's train.epochs unless -i is given.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms1g"})
@Warmup(iterations = 1)
@Measurement(iterations = 3)
public class TrainingEpochBenchmark {

    @Benchmark
    public EpochFigures epoch(WorkloadState workload) {
        return workload.epoch();
    }
}
