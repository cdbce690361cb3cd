package io.jdlio.metrics;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Durations of one kind of operation (sample reads, checkpoint file writes or reads) in nanoseconds, kept in an
 * HdrHistogram: three significant digits at any duration, in constant memory however many are recorded. Written by
 * one thread; readers merge finished ones with {@link #add}.
 */
public final class Latency {
    /** 0.1 % resolution: p99.9 of a microsecond read and of a minute-long checkpoint file alike. */
    private static final int DIGITS = 3;
    private static final double NANOS_PER_MS = 1e6;

    private final Histogram histogram;

    public Latency() {
        this(new Histogram(DIGITS));
    }

    private Latency(Histogram histogram) {
        this.histogram = histogram;
    }

    /** Wraps a histogram of nanoseconds (a recorder's interval histogram); it is not copied. */
    public static Latency of(Histogram nanos) {
        return new Latency(nanos);
    }

    public void record(long nanos) {
        histogram.recordValue(Math.max(0, nanos));
    }

    /** {@code count} operations that took no time (samples a loader already holds in memory). */
    public void recordZeros(long count) {
        if (count > 0) {
            histogram.recordValueWithCount(0, count);
        }
    }

    /** Adds {@code other}'s durations to these. */
    public Latency add(Latency other) {
        if (other != null) {
            histogram.add(other.histogram);
        }
        return this;
    }

    /** All of {@code parts} in one histogram; nulls are skipped. */
    public static Latency merged(Iterable<Latency> parts) {
        Latency all = new Latency();
        for (Latency l : parts) {
            all.add(l);
        }
        return all;
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The percentiles every output repeats, in milliseconds; zeros when nothing was recorded. */
    public record Percentiles(long count, double p50, double p90, double p99, double p999, double max, double mean) {
        /** As summary.json writes them. */
        public Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count);
            m.put("p50", p50);
            m.put("p90", p90);
            m.put("p99", p99);
            m.put("p99_9", p999);
            m.put("max", max);
            m.put("mean", mean);
            return m;
        }
    }

    public Percentiles percentiles() {
        if (count() == 0) {
            return new Percentiles(0, 0, 0, 0, 0, 0, 0);
        }
        return new Percentiles(count(), ms(histogram.getValueAtPercentile(50)),
                ms(histogram.getValueAtPercentile(90)), ms(histogram.getValueAtPercentile(99)),
                ms(histogram.getValueAtPercentile(99.9)), ms(histogram.getMaxValue()),
                histogram.getMean() / NANOS_PER_MS);
    }

    private static double ms(long nanos) {
        return nanos / NANOS_PER_MS;
    }

    /** The percentiles and the whole histogram (HdrHistogram's compressed encoding, base64), for summary.json. */
    public Map<String, Object> json() {
        Map<String, Object> m = percentiles().json();
        m.put("hdr_histogram", encoded());
        return m;
    }

    /** HdrHistogram's compressed V2 encoding in base64: the whole distribution, readable by any HdrHistogram. */
    public String encoded() {
        ByteBuffer b = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int n = histogram.encodeIntoCompressedByteBuffer(b);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(b.array(), n));
    }

    /** The histogram {@link #encoded()} wrote. */
    public static Latency decode(String base64) {
        try {
            return new Latency(Histogram.decodeFromCompressedByteBuffer(
                    ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0));
        } catch (DataFormatException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an encoded HdrHistogram: " + e.getMessage(), e);
        }
    }

    /** (percentile, milliseconds) points of the percentile curve, dense toward the tail, for plots. */
    public List<double[]> percentileCurve() {
        List<double[]> out = new ArrayList<>();
        if (count() == 0) {
            return out;
        }
        for (HistogramIterationValue v : histogram.percentiles(5)) {
            out.add(new double[] {v.getPercentileLevelIteratedTo(), ms(v.getValueIteratedTo())});
        }
        return out;
    }

    /** (bucket upper bound in milliseconds, count) with buckets growing by {@code base}, for plots. */
    public List<double[]> buckets(double base) {
        List<double[]> out = new ArrayList<>();
        if (count() == 0) {
            return out;
        }
        long first = Math.max(1, histogram.getMinNonZeroValue());
        for (HistogramIterationValue v : histogram.logarithmicBucketValues(first, base)) {
            out.add(new double[] {ms(v.getValueIteratedTo()), v.getCountAddedInThisIterationStep()});
        }
        return out;
    }
}
