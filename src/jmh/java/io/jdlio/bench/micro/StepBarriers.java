package io.jdlio.bench.micro;

import io.jdlio.cluster.Cluster;
import io.jdlio.workload.StepBarrier;

/** A training run's step barrier (the one Training uses) without the steps: threads meet locally, the last one meets the other ranks. */
final class StepBarriers {
    private final int threads;
    private final Cluster cluster;

    StepBarriers(int threads, Cluster cluster) {
        this.threads = threads;
        this.cluster = cluster;
    }

    /** {@code steps} barriers on every thread; returns the steps done (so nothing is optimised away). */
    long run(int steps) throws InterruptedException {
        StepBarrier barrier = cluster.distributed() ? new StepBarrier(threads, cluster::barrier)
                : new StepBarrier(threads);
        Thread[] t = new Thread[threads];
        long[] done = new long[threads];
        for (int i = 0; i < threads; i++) {
            int index = i;
            t[i] = new Thread(() -> {
                try {
                    for (int s = 0; s < steps; s++) {
                        barrier.await();
                        done[index]++;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t[i].start();
        }
        long total = 0;
        for (int i = 0; i < threads; i++) {
            t[i].join();
            total += done[i];
        }
        return total;
    }
}
