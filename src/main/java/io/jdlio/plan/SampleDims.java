package io.jdlio.plan;

import io.jdlio.config.DatasetConfig;
import io.jdlio.data.LegacyRandom;
import java.util.List;

/**
 * Every file's sample shape, drawn exactly as DLIO draws it (docs/datasets.md, "Sample sizes"): numpy's legacy RNG
 * seeded with 10, one vectorised normal draw of 2n values for n files (train first, then eval), each truncated toward
 * zero and clamped to at least 1. With {@code record_dims}, every file has that shape.
 */
public final class SampleDims {
    private final int[] drawn;          // 2 entries per file in scalar mode
    private final long[] fixed;         // the record_dims shape, or null

    private SampleDims(int[] drawn, long[] fixed) {
        this.drawn = drawn;
        this.fixed = fixed;
    }

    public static SampleDims draw(DatasetConfig d) {
        int files = d.numFilesTrain() + d.numFilesEval();
        List<Integer> dims = d.recordDims();
        if (!dims.isEmpty()) {
            return new SampleDims(null, dims.stream().mapToLong(Integer::longValue).toArray());
        }
        double length = d.recordLengthBytes();
        int dimension = (int) Math.sqrt(length);
        double dimensionStdev = d.recordLengthBytesStdev() / 2.0 / Math.sqrt(length);
        int[] out = new int[2 * files];
        if (dimensionStdev > 0) {
            LegacyRandom rng = new LegacyRandom(10);
            for (int i = 0; i < out.length; i++) {
                double v = rng.normal(dimension, dimensionStdev);
                out[i] = (int) Math.max(1, (long) v);
            }
        } else {
            java.util.Arrays.fill(out, dimension);
        }
        return new SampleDims(out, null);
    }

    /** The shape of one sample of global file {@code g} (train files first, then eval files). */
    public long[] shape(int g) {
        if (fixed != null) {
            return fixed.clone();
        }
        return new long[] {drawn[2 * g], drawn[2 * g + 1]};
    }

    /** Elements in one sample of global file {@code g}. */
    public long elements(int g) {
        if (fixed != null) {
            long n = 1;
            for (long x : fixed) {
                n *= x;
            }
            return n;
        }
        return (long) drawn[2 * g] * drawn[2 * g + 1];
    }
}
