package io.jdlio.workload;

import io.jdlio.plan.SampleOrder;
import io.jdlio.plan.Split;

/**
 * With {@code JDLIO_SAMPLE_LOG} set, one line per accelerator and epoch names the samples it reads, in read
 * order ({@code file:sample}), so a run's partition (which rank read which samples) can be compared with
 * another's, e.g. a run across hosts with one host running as many accelerators.
 */
final class SampleLog {
    private static final boolean ON = System.getenv("JDLIO_SAMPLE_LOG") != null;

    private SampleLog() {
    }

    static void log(Split split, int epoch, int rank, SampleOrder order, long samples) {
        if (!ON) {
            return;
        }
        StringBuilder sb = new StringBuilder("[jdlio] samples ").append(split.folder()).append(" epoch ").append(epoch)
                .append(" rank ").append(rank).append(':');
        order.forRange(0, Math.min(samples, order.size()), (file, sample) ->
                sb.append(' ').append(file).append(':').append(sample));
        // one write: lines of several processes under mpirun, or of several threads, never cut into each other
        sb.append(System.lineSeparator());
        byte[] line = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        synchronized (System.out) {
            System.out.write(line, 0, line.length);
            System.out.flush();
        }
    }
}
