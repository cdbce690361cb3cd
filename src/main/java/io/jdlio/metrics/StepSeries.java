package io.jdlio.metrics;

import java.util.Arrays;

/** A growable list of per-step seconds, without boxing (one entry per step of a block). */
public final class StepSeries {
    private double[] values = new double[64];
    private int size;

    public void add(double seconds) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = seconds;
    }

    public int size() {
        return size;
    }

    public double get(int i) {
        return values[i];
    }

    /** Sum of entries {@code [from, to)}, clamped to the list. */
    public double sum(int from, int to) {
        double s = 0;
        for (int i = Math.max(0, from); i < Math.min(size, to); i++) {
            s += values[i];
        }
        return s;
    }

    public double[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
