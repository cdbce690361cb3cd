package io.jdlio.workload;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task per thread (accelerators, ranks, generator workers) and reports the first failure. When a
 * task fails, {@code onFailure} tells the others (e.g. breaks their barrier) so nobody waits forever.
 */
final class Parallel {
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
                    task.run(index);
                } catch (Throwable e) {
                    if (failure.compareAndSet(null, e)) {
                        onFailure.run();
                    }
                }
            }, name + "-" + i);
            threads[i].start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                for (Thread other : threads) {
                    other.interrupt();
                }
                failure.compareAndSet(null, e);
                break;
            }
        }
        return failure.get();
    }

    /** The failure as a WorkloadException: its own message when it is one, else {@code what} and the cause. */
    static WorkloadException rethrow(Throwable f, String what) {
        if (f instanceof WorkloadException) {
            return (WorkloadException) f;
        }
        return new WorkloadException(what + ": " + Generation.describe(f), f);
    }
}
