package io.jdlio.workload;

import java.util.concurrent.locks.LockSupport;

/**
 * Emulated compute (docs/differences.md, "emulated compute"): park until shortly before the deadline, then spin.
 * Thread.sleep and parkNanos alone overshoot by tens of microseconds to milliseconds, which at 10 ms steps would cost
 * AU points that belong to no storage.
 */
final class PreciseWait {
    private static final long SPIN_NANOS = 60_000;

    private PreciseWait() {
    }

    /** Waits {@code seconds}, or less when the thread is interrupted; returns the seconds actually spent. */
    static double waitSeconds(double seconds) {
        long start = System.nanoTime();
        if (seconds <= 0) {
            return 0;
        }
        long deadline = start + (long) (seconds * 1e9);
        long left;
        while ((left = deadline - System.nanoTime()) > SPIN_NANOS) {
            LockSupport.parkNanos(left - SPIN_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                // the run is stopping (another thread failed, or a signal): the caller's next wait throws
                return (System.nanoTime() - start) / 1e9;
            }
        }
        while (deadline - System.nanoTime() > 0) {
            Thread.onSpinWait();
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
