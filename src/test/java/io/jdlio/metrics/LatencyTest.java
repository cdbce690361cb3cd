package io.jdlio.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Percentiles within HdrHistogram's three digits, merging, and the encoding summary.json carries. */
class LatencyTest {
    @Test
    void percentilesOfKnownDurations() {
        Latency l = new Latency();
        for (int i = 1; i <= 1000; i++) {
            l.record(i * 1_000_000L); // 1 ms .. 1000 ms
        }
        Latency.Percentiles p = l.percentiles();
        assertEquals(1000, p.count());
        assertEquals(500, p.p50(), 0.5);
        assertEquals(900, p.p90(), 0.9);
        assertEquals(990, p.p99(), 1);
        assertEquals(999, p.p999(), 1);
        assertEquals(1000, p.max(), 1);
    }

    @Test
    void mergedHoldsEveryPartAndTheEncodingRoundTrips() {
        Latency a = new Latency();
        Latency b = new Latency();
        a.record(2_000);
        b.record(3_000_000_000L);
        Latency all = Latency.merged(List.of(a, b));
        assertEquals(2, all.count());
        Latency back = Latency.decode(all.encoded());
        assertEquals(all.percentiles(), back.percentiles());
        assertEquals(3000, back.percentiles().max(), 3);
        assertTrue(back.percentileCurve().size() > 1);
        assertTrue(back.buckets(2).stream().mapToDouble(x -> x[1]).sum() == 2);
    }

    @Test
    void nothingRecordedIsZeros() {
        assertEquals(new Latency.Percentiles(0, 0, 0, 0, 0, 0, 0), new Latency().percentiles());
    }
}
