package io.jdlio.bench.micro;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Bytes a benchmark moved, which JMH reports beside its score as a rate (the secondary metric
 * {@code <method>:bytes}, bytes per second) in Throughput mode. Benchmarks add to it in their one call.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Bytes {
    public long bytes;

    /**
     * Counts {@code n} bytes and passes {@code result} through, so a body stays one expression. Not public: JMH
     * takes an auxiliary counter's public methods for counters.
     */
    <T> T add(long n, T result) {
        bytes += n;
        return result;
    }

    long add(long n, long result) {
        bytes += n;
        return result;
    }

    int add(long n, int result) {
        bytes += n;
        return result;
    }
}
