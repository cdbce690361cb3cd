package io.jdlio.workload;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Emulated compute (docs/differences.md, "emulated compute"): park until shortly before the deadline, then spin.
 * Shortly is 60 us on a quiet host, more (up to 1 ms) while parked threads are woken late.
 * Thread.sleep and parkNanos alone overshoot by tens of microseconds (Linux's timer slack is 50 us) to milliseconds,
 * which at 10 ms steps behind a barrier would cost AU points that belong to no storage.
 *
 * <p>Spinning takes a core. With more waiting threads than cores (64 accelerators on 2 cores end their steps
 * together), every spinner delays the readers and the other accelerators' wake-ups more than its precision gains, so
 * at most half the cores spin at once and the other waits park to their deadline, overshooting by the timer slack.
 *
 * <p>Public for the engine's microbenchmarks (PreciseWaitBenchmark).
 */
public final class PreciseWait {
    private static final long SPIN_NANOS = 60_000;
    /** The most a wait spins: a millisecond of a core per wait, on a host too busy to wake a thread in time. */
    private static final long MOST_SPIN_NANOS = 1_000_000;
    /**
     * How late a parked thread has lately been woken, a moving average in nanoseconds: on a busy host a timer that
     * fires still waits for a core, and a spin margin shorter than that wait makes every compute end late. Racy
     * updates lose a sample now and then, which an average does not mind.
     */
    private static volatile long wakeLateNanos;
    /** Threads allowed to spin at once: half the cores, at least one. */
    private static final int MAX_SPINNERS = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private static final AtomicInteger SPINNERS = new AtomicInteger();

    private PreciseWait() {
    }

    /** Waits {@code seconds}, or less when the thread is interrupted; returns the seconds actually spent. */
    public static double waitSeconds(double seconds) {
        return waitSince(System.nanoTime(), seconds);
    }

    /**
     * Waits until {@code seconds} after {@code start} (a System.nanoTime), or less when the thread is interrupted;
     * returns the seconds from {@code start} to the end of the wait. Work the thread did since {@code start} is
     * inside the wait, as a host thread's work is while its accelerator computes; when that work outlasted the
     * wait, the accelerator computed {@code seconds} and then idled, so that is what is returned.
     */
    static double waitSince(long start, double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        long deadline = start + (long) (seconds * 1e9);
        if (deadline - System.nanoTime() <= 0) {
            return seconds;
        }
        if (parkUntil(deadline, spinMargin())) {
            spinOrPark(deadline);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Waits until {@code deadline} (a System.nanoTime), parking then spinning as {@link #waitSince} does; returns
     * false when the thread was interrupted first (the run is stopping).
     */
    static boolean until(long deadline) {
        if (deadline - System.nanoTime() <= 0) {
            return true;
        }
        if (!parkUntil(deadline, spinMargin())) {
            return false;
        }
        spinOrPark(deadline);
        return !Thread.currentThread().isInterrupted();
    }

    private static void spinOrPark(long deadline) {
        if (deadline - System.nanoTime() > 0) {
            if (SPINNERS.incrementAndGet() <= MAX_SPINNERS) {
                while (deadline - System.nanoTime() > 0) {
                    Thread.onSpinWait();
                }
            } else {
                parkUntil(deadline, 0);
            }
            SPINNERS.decrementAndGet();
        }
    }

    /** How long before a deadline to stop parking and spin: 60 us, or more while wake-ups come late. */
    static long spinMargin() {
        return Math.min(MOST_SPIN_NANOS, SPIN_NANOS + 2 * wakeLateNanos);
    }

    /** Folds one parked wake-up's lateness into the average the spin margin follows. */
    static void wokeLate(long nanos) {
        wakeLateNanos += (Math.max(0, nanos) - wakeLateNanos) / 8;
    }

    /** Parks until {@code margin} before the deadline; false when interrupted (the run is stopping). */
    private static boolean parkUntil(long deadline, long margin) {
        long left;
        while ((left = deadline - System.nanoTime()) > margin) {
            LockSupport.parkNanos(left - margin);
            if (margin > 0) {
                // how late this wake-up came (a spurious early one counts as on time)
                wokeLate(margin - (deadline - System.nanoTime()));
            }
            if (Thread.currentThread().isInterrupted()) {
                // the run is stopping (another thread failed, or a signal): the caller's next wait throws
                return false;
            }
        }
        return true;
    }
}
