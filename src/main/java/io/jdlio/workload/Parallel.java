package io.jdlio.workload;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task per thread (accelerators, ranks, generator workers) and reports the first failure. When a
 * task fails, {@code onFailure} tells the others (e.g. breaks their barrier) and every other thread is
 * interrupted, so nobody waits forever and nobody writes on for a run that has already failed.
 *
 * <p>The same goes for the end of the JVM (SIGTERM, SIGINT): a shutdown hook interrupts every running task
 * and gives them a few seconds to end, so writers abort and remove their temporary files rather than being
 * cut off mid-write.
 */
final class Parallel {
    /** How long the JVM's end waits for interrupted tasks to clean up. */
    private static final long STOP_MILLIS = 10_000;

    private static final Set<Thread> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(Parallel::stopAll, "jdlio-stop"));
        } catch (IllegalStateException e) {
            // the JVM is already ending; there is nothing left to stop
        }
    }

    @FunctionalInterface
    interface Task {
        void run(int index) throws Exception;
    }

    private Parallel() {
    }

    /** Runs {@code task(0 .. n-1)} on n threads named {@code name-i}; returns the first failure, or null. */
    static Throwable run(int n, String name, Task task, Runnable onFailure) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            final int index = i;
            threads[i] = new Thread(() -> {
                try {
                    // a thread that starts after another failed would otherwise wait at a barrier alone
                    if (failure.get() == null) {
                        task.run(index);
                    }
                } catch (Throwable e) {
                    if (failure.compareAndSet(null, e)) {
                        stop(threads, onFailure);
                    }
                } finally {
                    RUNNING.remove(Thread.currentThread());
                }
            }, name + "-" + i);
        }
        for (Thread t : threads) {
            RUNNING.add(t);
            t.start();
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
                if (failure.compareAndSet(null, e)) {
                    stop(threads, onFailure);
                }
                break;
            }
        }
        if (interrupted) {
            // the caller is being stopped: its tasks get a moment to abort their writes, then it goes on
            joinAll(threads, STOP_MILLIS);
            Thread.currentThread().interrupt();
        }
        return failure.get();
    }

    private static void stop(Thread[] threads, Runnable onFailure) {
        try {
            onFailure.run();
        } finally {
            for (Thread t : threads) {
                if (t != Thread.currentThread()) {
                    t.interrupt();
                }
            }
        }
    }

    /** Interrupts every running task and waits, a few seconds at most, for them to end. */
    static void stopAll() {
        Set<Thread> running = Set.copyOf(RUNNING);
        for (Thread t : running) {
            t.interrupt();
        }
        joinAll(running.toArray(new Thread[0]), STOP_MILLIS);
    }

    /** Joins the threads until {@code millis} have passed, whatever interrupts arrive meanwhile. */
    private static void joinAll(Thread[] threads, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        for (Thread t : threads) {
            long left;
            while (t.isAlive() && (left = deadline - System.nanoTime()) > 0) {
                try {
                    t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    // keep waiting: the point is that the tasks end before this thread moves on
                }
            }
        }
    }

    /** The failure as a WorkloadException: its own message when it is one, else {@code what} and the cause. */
    static WorkloadException rethrow(Throwable f, String what) {
        if (f instanceof WorkloadException) {
            return (WorkloadException) f;
        }
        return new WorkloadException(what + ": " + Generation.describe(f), f);
    }
}
