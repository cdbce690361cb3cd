package io.jdlio.plan;

import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * One accelerator's samples for one epoch, in the order they are read. Stored as runs of consecutive
 * samples of one file ("segments"), so memory grows with files, not samples: bert's 156 million samples
 * are about 500 segments.
 *
 * <p>A sample shuffle permutes the segments and, inside each, the samples (an affine bijection, no table).
 * Samples of one file therefore stay adjacent, which is what lets a reader read each file once per epoch
 * (docs/differences.md, "reading a sample"); with one sample per file it is an ordinary full shuffle.
 */
public final class SampleOrder {
    private final int[] file;
    private final int[] first;
    private final int[] count;
    private final long[] start;     // position of each segment's first sample in read order
    private final long[] mulA;      // per-segment affine permutation, null when unshuffled
    private final long[] addB;
    private final long size;

    private SampleOrder(int[] file, int[] first, int[] count, long[] mulA, long[] addB) {
        this.file = file;
        this.first = first;
        this.count = count;
        this.mulA = mulA;
        this.addB = addB;
        this.start = new long[file.length + 1];
        for (int i = 0; i < file.length; i++) {
            start[i + 1] = start[i] + count[i];
        }
        this.size = start[file.length];
    }

    /**
     * The samples at global positions {@code [from, to)} of the run {@code fileOrder[p / nspf]}, sample
     * {@code p % nspf}; shuffled when {@code shuffle} is non-null.
     */
    static SampleOrder of(int[] fileOrder, int nspf, long from, long to, RandomGenerator shuffle) {
        int firstSeg = (int) (from / nspf);
        int lastSeg = (int) ((to - 1) / nspf);
        int n = to > from ? lastSeg - firstSeg + 1 : 0;
        int[] file = new int[n];
        int[] first = new int[n];
        int[] count = new int[n];
        for (int i = 0; i < n; i++) {
            int seg = firstSeg + i;
            long segFrom = Math.max(from, (long) seg * nspf);
            long segTo = Math.min(to, (long) (seg + 1) * nspf);
            file[i] = fileOrder[seg];
            first[i] = (int) (segFrom - (long) seg * nspf);
            count[i] = (int) (segTo - segFrom);
        }
        if (shuffle == null) {
            return new SampleOrder(file, first, count, null, null);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = shuffle.nextInt(i + 1);
            swap(file, i, j);
            swap(first, i, j);
            swap(count, i, j);
        }
        long[] a = new long[n];
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            long c = count[i];
            long m = c <= 1 ? 1 : 1 + shuffle.nextLong(c - 1);
            while (gcd(m, c) != 1) {
                m = m % c + 1;
            }
            a[i] = m;
            b[i] = c <= 1 ? 0 : shuffle.nextLong(c);
        }
        return new SampleOrder(file, first, count, a, b);
    }

    private static void swap(int[] x, int i, int j) {
        int t = x[i];
        x[i] = x[j];
        x[j] = t;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    public long size() {
        return size;
    }

    /** Visits the samples at read positions {@code [from, to)}; an unshuffled segment's as one run. */
    public void forRange(long from, long to, SampleVisitor visitor) {
        if (from >= to) {
            return;
        }
        int seg = Arrays.binarySearch(start, from);
        if (seg < 0) {
            seg = -seg - 2;
        }
        while (seg < file.length && seg >= 0 && start[seg] < to) {
            while (count[seg] == 0) {
                seg++;
            }
            long lo = Math.max(from, start[seg]) - start[seg];
            long hi = Math.min(to, start[seg + 1]) - start[seg];
            if (mulA == null) {
                visitor.run(file[seg], first[seg] + (int) lo, (int) (hi - lo));
                seg++;
                continue;
            }
            for (long k = lo; k < hi; k++) {
                long inSeg = mulA == null ? k : (mulA[seg] * k + addB[seg]) % count[seg];
                visitor.sample(file[seg], first[seg] + (int) inSeg);
            }
            seg++;
        }
    }
}
