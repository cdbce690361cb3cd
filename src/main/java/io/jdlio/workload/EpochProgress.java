package io.jdlio.workload;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * A training epoch's steps as they complete on every accelerator, for {@link LiveProgress}: the step reached, AU so
 * far (compute over wall time, the first step included), DLIO's MiB/s (samples x record_length over wall time) and
 * the time left in the trial at the current rate. Accelerator threads add one step each, lock-free.
 */
final class EpochProgress {
    private final String label;
    private final int accelerators;
    private final long steps;
    private final long laterSteps;
    private final double bytesPerStep;
    private final long start;
    private final LongAdder done = new LongAdder();
    private final LongAdder computeNanos = new LongAdder();

    /**
     * {@code label} names the epoch ("epoch 2/3"), {@code steps} its steps per accelerator, {@code laterSteps} those
     * of the epochs still to come in the trial, {@code bytesPerStep} one accelerator's batch in record_length bytes.
     */
    EpochProgress(String label, int accelerators, long steps, long laterSteps, double bytesPerStep) {
        this(label, accelerators, steps, laterSteps, bytesPerStep, System.nanoTime());
    }

    /** As above, started at {@code start} (System.nanoTime() units). */
    EpochProgress(String label, int accelerators, long steps, long laterSteps, double bytesPerStep, long start) {
        this.start = start;
        this.label = label;
        this.accelerators = accelerators;
        this.steps = steps;
        this.laterSteps = laterSteps;
        this.bytesPerStep = bytesPerStep;
    }

    /** One accelerator finished a step that computed for {@code computeSeconds}. */
    void step(double computeSeconds) {
        done.increment();
        computeNanos.add((long) (computeSeconds * 1e9));
    }

    /** The progress line; {@code now} in System.nanoTime() units. */
    String line(long now) {
        double seconds = Math.max(1e-9, (now - start) / 1e9);
        long total = done.sum();
        double perAccelerator = total / (double) accelerators;
        double au = computeNanos.sum() / 1e9 / (seconds * accelerators) * 100;
        double rate = perAccelerator / seconds;
        double left = rate > 0 ? (steps - perAccelerator + laterSteps) / rate : Double.NaN;
        return String.format(Locale.ROOT, "[jdlio] train %s: step %d/%d, AU %.1f%%, %.1f MiB/s, ETA %s", label,
                (long) perAccelerator, steps, au, total * bytesPerStep / 1048576.0 / seconds,
                LiveProgress.duration(left));
    }

    String line() {
        return line(System.nanoTime());
    }
}
