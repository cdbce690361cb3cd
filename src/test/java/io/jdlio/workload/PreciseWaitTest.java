package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The emulated compute wait: it counts from when the batch arrived, so the host's work since then lies inside it;
 * host work longer than the compute leaves the accelerator idle, not computing; and with more waiters than
 * cores, those that may not spin still never end early.
 */
class PreciseWaitTest {
    @Test
    void theWaitCountsFromTheStartItIsGiven() {
        long start = System.nanoTime() - 500_000;   // host work of 0.5 ms since the batch arrived
        double computed = PreciseWait.waitSince(start, 0.002);
        long end = System.nanoTime();
        assertTrue(end - start >= 2_000_000, "ended " + (end - start) + " ns after the start, before 2 ms");
        assertTrue(computed >= 0.002 && computed <= (end - start) / 1e9, "computed " + computed);
    }

    @Test
    void hostWorkLongerThanTheComputeCountsOnlyTheCompute() {
        long start = System.nanoTime() - 5_000_000;
        assertEquals(0.001, PreciseWait.waitSince(start, 0.001));
        assertEquals(0, PreciseWait.waitSince(start, 0));
    }

    @Test
    void moreWaitersThanSpinningSlotsNeverEndEarly() throws Exception {
        int threads = 4 * Runtime.getRuntime().availableProcessors() + 1;
        AtomicInteger early = new AtomicInteger();
        Throwable f = Parallel.run(threads, "test", i -> {
            for (int k = 0; k < 200; k++) {
                long start = System.nanoTime();
                double waited = PreciseWait.waitSeconds(0.0002);
                if (System.nanoTime() - start < 200_000 || waited < 0.0002) {
                    early.incrementAndGet();
                }
            }
        }, () -> { });
        assertEquals(null, f);
        assertEquals(0, early.get());
    }

    /**
     * On a busy host a timer that fires still waits for a core: the spin margin follows how late parked wake-ups have
     * lately been, up to 1 ms, and comes back to 60 us once they are on time again.
     */
    @Test
    void theSpinMarginFollowsHowLateWakeUpsCome() {
        for (int i = 0; i < 200; i++) {
            PreciseWait.wokeLate(0);
        }
        assertEquals(60_000, PreciseWait.spinMargin(), 2_000);
        for (int i = 0; i < 200; i++) {
            PreciseWait.wokeLate(200_000);
        }
        assertEquals(460_000, PreciseWait.spinMargin(), 10_000);
        for (int i = 0; i < 200; i++) {
            PreciseWait.wokeLate(5_000_000);
        }
        assertEquals(1_000_000, PreciseWait.spinMargin(), "at most a millisecond of spinning per wait");
        for (int i = 0; i < 200; i++) {
            PreciseWait.wokeLate(0);
        }
        assertEquals(60_000, PreciseWait.spinMargin(), 2_000);
    }
}
