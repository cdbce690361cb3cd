package io.jdlio.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Generation's rate over time: per-interval sums, bounded in size however long the run, nothing lost. */
class RateSeriesTest {
    private static final long MS = 1_000_000L;

    @SuppressWarnings("unchecked")
    private static <T> List<T> list(Map<String, Object> j, String key) {
        return (List<T>) j.get(key);
    }

    @Test
    void recordsGoToTheirIntervalAndRatesAreOverItsLength() {
        RateSeries s = new RateSeries(0, 100 * MS, 8);
        s.record(10 * MS, 1 << 20, 1);
        s.record(90 * MS, 1 << 20, 1);
        s.record(250 * MS, 3 << 20, 2);
        Map<String, Object> j = s.json();
        assertEquals(0.1, (double) j.get("interval_seconds"), 1e-12);
        assertEquals(List.of(2L << 20, 0L, 3L << 20), list(j, "bytes"));
        assertEquals(List.of(2L, 0L, 2L), list(j, "files"));
        List<Double> ends = list(j, "seconds");
        assertEquals(0.1, (double) ends.get(0), 1e-12);
        assertEquals(0.25, (double) ends.get(2), 1e-12, "the last interval ends at the last record");
        assertEquals(20.0, (double) list(j, "MiB_per_second").get(0), 1e-9);
        assertEquals(3 / 0.05, (double) list(j, "MiB_per_second").get(2), 1e-9);
        assertEquals(40.0, (double) list(j, "files_per_second").get(2), 1e-9);
    }

    @Test
    void aLongRunCoarsensTheIntervalAndKeepsEveryByte() {
        RateSeries s = new RateSeries(0, 100 * MS, 8);
        long bytes = 0;
        // one file every 50 ms for 100 s: 2000 records, 1000 first intervals
        for (int i = 0; i < 2000; i++) {
            s.record(i * 50 * MS, 1000 + i, 1);
            bytes += 1000 + i;
        }
        assertTrue(s.points() <= 8, s.points() + " points");
        Map<String, Object> j = s.json();
        assertEquals(12.8, (double) j.get("interval_seconds"), 1e-9, "0.1 s doubled until 8 intervals hold 100 s");
        assertEquals(bytes, list(j, "bytes").stream().mapToLong(b -> (Long) b).sum());
        assertEquals(2000L, list(j, "files").stream().mapToLong(f -> (Long) f).sum());
        // a steady rate reads as steady after coarsening: 20 files per second in every whole interval
        List<Double> fps = list(j, "files_per_second");
        for (int i = 0; i < fps.size() - 1; i++) {
            assertEquals(20.0, (double) fps.get(i), 1e-9);
        }
    }

    @Test
    void nothingRecordedIsAnEmptySeries() {
        Map<String, Object> j = new RateSeries().json();
        assertEquals(List.of(), j.get("seconds"));
        assertEquals(List.of(), j.get("MiB_per_second"));
    }
}
