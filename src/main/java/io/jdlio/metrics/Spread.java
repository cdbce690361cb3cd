package io.jdlio.metrics;

/**
 * Mean and population standard deviation, DLIO's summary statistics (numpy's {@code std}, not the sample one).
 * An empty list has NaN for both (written to JSON as null).
 */
public record Spread(double mean, double stdev) {

    public static Spread of(double[] values) {
        if (values.length == 0) {
            return new Spread(Double.NaN, Double.NaN);
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean);
        }
        return new Spread(mean, Math.sqrt(var / values.length));
    }
}
