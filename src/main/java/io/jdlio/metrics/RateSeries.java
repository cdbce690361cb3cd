package io.jdlio.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes and files completed per fixed interval since a start, for a rate over time (dataset generation). Its size
 * is bounded whatever the run's length: when the intervals would pass {@code maxPoints}, neighbours are merged
 * and the interval doubles, so a long run keeps at most {@code maxPoints} coarser points. Any thread may record.
 */
public final class RateSeries {
    /** Fine enough to show a short generation's ramp; an hour's run coarsens to about 14 s. */
    public static final long FIRST_INTERVAL_NANOS = 100_000_000L;
    public static final int MAX_POINTS = 256;

    private final long start;
    private final int maxPoints;
    private long interval;
    private final long[] bytes;
    private final long[] files;
    /** Intervals in use: the last one is the one being filled. */
    private int points;
    private long lastAt;

    /** A series starting now ({@link System#nanoTime()}). */
    public RateSeries() {
        this(System.nanoTime(), FIRST_INTERVAL_NANOS, MAX_POINTS);
    }

    RateSeries(long startNanos, long firstIntervalNanos, int maxPoints) {
        if (maxPoints < 2 || maxPoints % 2 != 0) {
            throw new IllegalArgumentException("maxPoints must be even and at least 2: " + maxPoints);
        }
        this.start = startNanos;
        this.interval = firstIntervalNanos;
        this.maxPoints = maxPoints;
        this.bytes = new long[maxPoints];
        this.files = new long[maxPoints];
    }

    /** Counts {@code b} bytes and {@code f} files completed now. */
    public void record(long b, long f) {
        record(System.nanoTime(), b, f);
    }

    synchronized void record(long atNanos, long b, long f) {
        long since = Math.max(0, atNanos - start);
        long index = since / interval;
        while (index >= maxPoints) {
            coarsen();
            index = since / interval;
        }
        bytes[(int) index] += b;
        files[(int) index] += f;
        points = Math.max(points, (int) index + 1);
        lastAt = Math.max(lastAt, since);
    }

    /** Merges neighbouring intervals: half the points, twice the interval. */
    private void coarsen() {
        int half = maxPoints / 2;
        for (int i = 0; i < half; i++) {
            bytes[i] = bytes[2 * i] + bytes[2 * i + 1];
            files[i] = files[2 * i] + files[2 * i + 1];
        }
        java.util.Arrays.fill(bytes, half, maxPoints, 0);
        java.util.Arrays.fill(files, half, maxPoints, 0);
        points = (points + 1) / 2;
        interval *= 2;
    }

    public synchronized double intervalSeconds() {
        return interval / 1e9;
    }

    public synchronized int points() {
        return points;
    }

    /**
     * As outputs write it: {@code interval_seconds}; per interval its end in seconds since the start
     * ({@code seconds}; the last ends at the last record), the bytes and files completed in it, and their rates
     * ({@code MiB_per_second}, {@code files_per_second}) over its length.
     */
    public synchronized Map<String, Object> json() {
        List<Double> ends = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        List<Long> f = new ArrayList<>();
        List<Double> mibps = new ArrayList<>();
        List<Double> fps = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            long from = i * interval;
            // the last ends at the last record, but counts at least half an interval: a file finished just
            // past a boundary would otherwise show as a spike
            long to = i == points - 1 ? Math.max(lastAt, from + interval / 2) : from + interval;
            double seconds = (to - from) / 1e9;
            ends.add(to / 1e9);
            b.add(bytes[i]);
            f.add(files[i]);
            mibps.add(bytes[i] / (double) (1 << 20) / seconds);
            fps.add(files[i] / seconds);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("interval_seconds", interval / 1e9);
        m.put("seconds", ends);
        m.put("bytes", b);
        m.put("files", f);
        m.put("MiB_per_second", mibps);
        m.put("files_per_second", fps);
        return m;
    }
}
