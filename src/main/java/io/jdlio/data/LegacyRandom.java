package io.jdlio.data;

/**
 * numpy's legacy {@code RandomState}: MT19937 seeded by {@code init_genrand}, 53-bit doubles, the polar
 * Box-Muller {@code gauss} with its cached second value, and masked-rejection bounded integers.
 *
 * <p>DLIO draws every file's dimensions from this generator with seed 10, so reproducing it bit for bit is
 * what gives a jdlio dataset exactly DLIO's file sizes. Not thread-safe; one instance per draw sequence.
 */
public final class LegacyRandom {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int index;
    private boolean hasGauss;
    private double cachedGauss;

    public LegacyRandom(long seed) {
        seed(seed);
    }

    /** Re-seeds as {@code np.random.seed(seed)} does for a 32-bit seed; the gauss cache is cleared. */
    public void seed(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        index = N;
        hasGauss = false;
        cachedGauss = 0.0;
    }

    /** The next tempered 32-bit output, as an unsigned value in a long. */
    public long nextUnsignedInt() {
        if (index >= N) {
            twist();
        }
        int y = mt[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int next = mt[(i + M) % N] ^ (y >>> 1);
            if ((y & 1) != 0) {
                next ^= 0x9908b0df;
            }
            mt[i] = next;
        }
        index = 0;
    }

    /** A double in [0, 1) from 53 random bits, as numpy's {@code random_sample}. */
    public double nextDouble() {
        long a = nextUnsignedInt() >>> 5;
        long b = nextUnsignedInt() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /** A standard normal draw (legacy {@code gauss}); pairs are produced together and the second is cached. */
    public double gauss() {
        if (hasGauss) {
            hasGauss = false;
            return cachedGauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        cachedGauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** {@code np.random.normal(loc, scale)}. */
    public double normal(double loc, double scale) {
        return loc + scale * gauss();
    }

    /** A uniform integer in [0, max], by numpy's legacy masked rejection. */
    public long bounded(long max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        mask |= mask >>> 32;
        long value;
        if (max <= 0xFFFFFFFFL) {
            do {
                value = nextUnsignedInt() & mask;
            } while (value > max);
        } else {
            do {
                value = ((nextUnsignedInt() << 32) | nextUnsignedInt()) & mask;
            } while (Long.compareUnsigned(value, max) > 0);
        }
        return value;
    }

    /** In-place Fisher-Yates from the end, as {@code np.random.shuffle} on a 1-D array. */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = (int) bounded(i);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
