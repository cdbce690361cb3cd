package io.jdlio.config;

import java.util.random.RandomGenerator;

/**
 * An emulated duration in DLIO's forms (docs/config-keys.md, "Reading rules"): a number, {@code {mean}},
 * {@code {mean, stdev}}, or a dict with {@code type} normal / uniform / gamma / exponential / poisson. A draw's
 * absolute value is used, as in DLIO.
 */
public record TimeSpec(Kind kind, double a, double b) {
    public enum Kind { NONE, CONSTANT, NORMAL, UNIFORM, GAMMA, EXPONENTIAL, POISSON }

    public static final TimeSpec NONE = new TimeSpec(Kind.NONE, 0, 0);

    /** The longest emulated duration accepted; DLIO's workloads compute for seconds per step at most. */
    public static final double MAX_SECONDS = 3600;

    public static TimeSpec constant(double seconds) {
        return new TimeSpec(Kind.CONSTANT, seconds, 0);
    }

    public boolean isZero() {
        return kind == Kind.NONE || (kind == Kind.CONSTANT && a == 0.0);
    }

    /** The configured mean, for reports. */
    public double mean() {
        switch (kind) {
            case CONSTANT: case NORMAL: return Math.abs(a);
            case UNIFORM: return (a + b) / 2;
            case GAMMA: return a * b;
            case EXPONENTIAL: case POISSON: return a;
            default: return 0;
        }
    }

    /**
     * What is wrong with the parameters, as "expected ..." text, or null: every parameter is finite, those of
     * the distributions are not negative, and neither the mean nor the spread exceeds {@link #MAX_SECONDS}.
     */
    public String problem() {
        if (!Double.isFinite(a) || !Double.isFinite(b)) {
            return "finite seconds (.nan and .inf are not durations)";
        }
        boolean signed = kind == Kind.CONSTANT || kind == Kind.NORMAL;
        if ((!signed && a < 0) || b < 0) {
            return "parameters of 0 or more";
        }
        double spread = kind == Kind.NORMAL || kind == Kind.UNIFORM ? Math.abs(b) : 0;
        if (mean() > MAX_SECONDS || spread > MAX_SECONDS) {
            return Section.tooLong();
        }
        return null;
    }

    /** One duration in seconds; deterministic for a seeded generator. */
    public double draw(RandomGenerator rng) {
        double v;
        switch (kind) {
            case CONSTANT: v = a; break;
            case NORMAL: v = b == 0 ? a : a + b * rng.nextGaussian(); break;
            case UNIFORM: v = a + (b - a) * rng.nextDouble(); break;
            case GAMMA: v = gamma(rng, a) * b; break;
            case EXPONENTIAL: v = -a * Math.log(1.0 - rng.nextDouble()); break;
            case POISSON: v = poisson(rng, a); break;
            default: v = 0;
        }
        return Math.abs(v);
    }

    // Marsaglia-Tsang; shape < 1 boosted by U^(1/shape)
    private static double gamma(RandomGenerator rng, double shape) {
        if (shape <= 0) {
            return 0;
        }
        if (shape < 1) {
            return gamma(rng, shape + 1) * Math.pow(rng.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x = rng.nextGaussian();
            double v = 1.0 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rng.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double poisson(RandomGenerator rng, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 60) {
            return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double p = 1.0;
        int k = 0;
        do {
            k++;
            p *= rng.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    /** DLIO's YAML-ish rendering, for the resolved config. */
    public Object describe() {
        switch (kind) {
            case NONE: return java.util.Map.of();
            case CONSTANT: return a;
            case NORMAL: return java.util.Map.of("mean", a, "stdev", b);
            case UNIFORM: return java.util.Map.of("type", "uniform", "min", a, "max", b);
            case GAMMA: return java.util.Map.of("type", "gamma", "shape", a, "scale", b);
            case EXPONENTIAL: return java.util.Map.of("type", "exponential", "scale", a);
            default: return java.util.Map.of("type", "poisson", "lam", a);
        }
    }
}
