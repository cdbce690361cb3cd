package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The per-step barrier: nobody leaves a step before all have arrived, no wake-up is lost over many steps (the
 * last arrival wakes everyone itself), and a failure releases the waiters instead of leaving them parked.
 */
class StepBarrierTest {
    @Test
    void manyStepsOfManyPartiesNeitherLeaveEarlyNorHang() {
        int parties = 16;
        int steps = 2_000;
        StepBarrier barrier = new StepBarrier(parties);
        AtomicLong arrivals = new AtomicLong();
        AtomicInteger early = new AtomicInteger();
        Throwable f = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Parallel.run(parties, "test", i -> {
            for (int s = 0; s < steps; s++) {
                arrivals.incrementAndGet();
                barrier.await();
                // every party of step s has arrived before anyone leaves it
                if (arrivals.get() < (long) (s + 1) * parties) {
                    early.incrementAndGet();
                }
            }
        }, barrier::breakBarrier));
        assertEquals(null, f);
        assertEquals(0, early.get());
        assertEquals((long) parties * steps, arrivals.get());
    }

    /**
     * The release a step's parties get is one instant, after every arrival and the latest compute deadline any of
     * them brought, and before any of them returns. Deadlines of 0 to 2 ms are brought at once instead of waited
     * for first; a party with no deadline ({@link StepBarrier#await()}) takes part too.
     */
    @Test
    void theReleaseIsOneInstantAfterEveryArrivalAndTheLatestDeadlineAndBeforeAnyReturn() {
        int parties = 8;
        int steps = 200;
        StepBarrier barrier = new StepBarrier(parties);
        long[][] arriving = new long[steps][parties];
        long[][] deadlines = new long[steps][parties];
        long[][] released = new long[steps][parties];
        long[][] returned = new long[steps][parties];
        Throwable f = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Parallel.run(parties, "test", i -> {
            java.util.SplittableRandom rng = new java.util.SplittableRandom(i);
            for (int s = 0; s < steps; s++) {
                arriving[s][i] = System.nanoTime();
                deadlines[s][i] = i == 0 ? arriving[s][i] : arriving[s][i] + rng.nextLong(2_000_000);
                released[s][i] = i == 0 ? barrier.await() : barrier.await(deadlines[s][i]);
                returned[s][i] = System.nanoTime();
            }
        }, barrier::breakBarrier));
        assertEquals(null, f);
        for (int s = 0; s < steps; s++) {
            long latest = Long.MIN_VALUE;
            for (int i = 0; i < parties; i++) {
                latest = Math.max(latest, deadlines[s][i]);
            }
            for (int i = 0; i < parties; i++) {
                assertEquals(released[s][0], released[s][i], "step " + s + ": one release for every party");
                assertTrue(released[s][i] >= arriving[s][i], "step " + s + ": released before party " + i + " came");
                assertTrue(released[s][i] - latest >= 0, "step " + s + ": released "
                        + (latest - released[s][i]) + " ns before the latest compute ended");
                assertTrue(released[s][i] <= returned[s][i], "step " + s + ": party " + i + " left before the release");
            }
        }
    }

    @Test
    void breakingReleasesWaitersNowAndLater() throws Exception {
        StepBarrier barrier = new StepBarrier(3);
        CountDownLatch released = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                barrier.await();
            } catch (InterruptedException e) {
                released.countDown();
            }
        });
        waiter.start();
        Thread.sleep(50);
        barrier.breakBarrier();
        assertTrue(released.await(10, java.util.concurrent.TimeUnit.SECONDS));
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(InterruptedException.class,
                barrier::await));
    }

    @Test
    void anInterruptedWaiterThrows() throws Exception {
        StepBarrier barrier = new StepBarrier(2);
        CountDownLatch released = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                barrier.await();
            } catch (InterruptedException e) {
                released.countDown();
            }
        });
        waiter.start();
        Thread.sleep(50);
        waiter.interrupt();
        assertTrue(released.await(10, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Test
    void theCrossHostCallRunsOncePerStepBeforeAnyoneLeaves() {
        int parties = 4;
        int steps = 500;
        AtomicLong arrivals = new AtomicLong();
        AtomicLong hostCalls = new AtomicLong();
        AtomicInteger early = new AtomicInteger();
        // stands in for MPI_Barrier: it must see every local arrival of its step, and run before anyone leaves it
        StepBarrier barrier = new StepBarrier(parties, () -> {
            if (arrivals.get() != (hostCalls.get() + 1) * parties) {
                early.incrementAndGet();
            }
            hostCalls.incrementAndGet();
        });
        Throwable f = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Parallel.run(parties, "test", i -> {
            for (int s = 0; s < steps; s++) {
                arrivals.incrementAndGet();
                barrier.await();
                if (hostCalls.get() < s + 1) {
                    early.incrementAndGet();
                }
            }
        }, barrier::breakBarrier));
        assertEquals(null, f);
        assertEquals(0, early.get());
        assertEquals(steps, hostCalls.get());
    }

    @Test
    void aFailingCrossHostCallReleasesEveryWaiterWithThatFailure() {
        StepBarrier barrier = new StepBarrier(3, () -> {
            throw new IllegalStateException("MPI_Barrier failed");
        });
        AtomicInteger reported = new AtomicInteger();
        AtomicInteger released = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Parallel.run(3, "test", i -> {
            try {
                barrier.await();
            } catch (IllegalStateException e) {
                reported.incrementAndGet();
            } catch (InterruptedException e) {
                released.incrementAndGet();
            }
        }, barrier::breakBarrier));
        // every accelerator leaves with the cross-host failure itself, none with a bare "barrier broken"
        assertEquals(3, reported.get());
        assertEquals(0, released.get());
    }
}
