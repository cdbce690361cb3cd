package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jdlio.cluster.Cluster;
import org.junit.jupiter.api.Test;

/** Where a host's accelerators sit among a run's: equal counts by default, each host's own when allowed. */
class RanksTest {
    /** Host {@code rank} of a run whose hosts run {@code counts}: every allGather answers the counts. */
    private static Cluster host(int rank, int... counts) {
        return new Cluster() {
            public int rank() {
                return rank;
            }

            public int size() {
                return counts.length;
            }

            public String host() {
                return "h" + rank;
            }

            public void barrier() {
            }

            public double[] sum(double[] v) {
                throw new AssertionError();
            }

            public double[] max(double[] v) {
                throw new AssertionError();
            }

            public byte[][] allGather(byte[] mine) {
                assertEquals(counts[rank], java.nio.ByteBuffer.wrap(mine).getInt());
                byte[][] all = new byte[counts.length][];
                for (int h = 0; h < counts.length; h++) {
                    all[h] = java.nio.ByteBuffer.allocate(4).putInt(counts[h]).array();
                }
                return all;
            }

            public void abort(String line) {
            }

            public void finish() {
            }
        };
    }

    @Test
    void hostsOfTheSameCountTakeConsecutiveShares() {
        Ranks r = WorkloadRun.layout(host(2, 4, 4, 4), 4, false);
        assertEquals(8, r.first());
        assertEquals(12, r.total());
        assertEquals(11, r.global(3));
    }

    @Test
    void hostsMayRunTheirOwnCountsWhenTheConfigSaysSo() {
        // 1 + 3 + 2 accelerators: host 1 runs ranks 1-3, host 2 runs 4-5, of 6
        Ranks r = WorkloadRun.layout(host(1, 1, 3, 2), 3, true);
        assertEquals(1, r.first());
        assertEquals(6, r.total());
        assertEquals(3, r.perHost());
        Ranks last = WorkloadRun.layout(host(2, 1, 3, 2), 2, true);
        assertEquals(4, last.first());
        assertEquals(5, last.global(1));
        assertEquals("rank 2 of 3 (accelerators 4-5) on host h2", last.who());
    }

    @Test
    void unequalCountsAreRefusedByDefault() {
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> WorkloadRun.layout(host(0, 5, 7), 5, false));
        assertEquals("-p accelerators=5 on rank 0, but other ranks run between 5 and 7: every host must run the "
                + "same number of accelerators; give every host the same -p accelerators (or set "
                + "workflow.hosts_may_differ: True)", e.getMessage());
    }
}
