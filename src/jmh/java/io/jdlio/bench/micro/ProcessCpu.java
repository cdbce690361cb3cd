package io.jdlio.bench.micro;

import java.lang.management.ManagementFactory;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU the whole process spent per operation, as two counters JMH sums over iterations (their ratio is the
 * figure: cpuNanos / ops). On a shared machine the time per operation grows with everyone else's load; the CPU it
 * costs this process barely does, so this is the figure to compare between builds there.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class ProcessCpu {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public long cpuNanos;
    public long ops;
    private long start;

    @Setup(Level.Iteration)
    public void start() {
        ops = 0;
        cpuNanos = 0;
        start = OS.getProcessCpuTime();
    }

    /** Counts {@code n} operations done, and the CPU spent since the iteration began. */
    long count(long n) {
        ops += n;
        cpuNanos = OS.getProcessCpuTime() - start;
        return n;
    }
}
