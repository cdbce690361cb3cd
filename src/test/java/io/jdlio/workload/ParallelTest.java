package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * One task's failure ends the others, whatever they are waiting in: emulated compute, a blocking take, a
 * latch nobody will count down. The failure reported is the first one, not the interrupts that followed.
 */
class ParallelTest {
    @Test
    void aFailureStopsTasksWaitingInComputeOrBlocked() {
        RuntimeException boom = new WorkloadException("rank 0 failed");
        CountDownLatch never = new CountDownLatch(1);
        Throwable f = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> Parallel.run(3, "test", i -> {
            if (i == 0) {
                Thread.sleep(100);
                throw boom;
            }
            if (i == 1) {
                // a compute time of days, as a huge train.computation_time asks for
                PreciseWait.waitSeconds(1e6);
                never.await();
            }
            new java.util.concurrent.LinkedBlockingQueue<Object>().take();
        }, () -> { }));
        assertSame(boom, f);
    }
}
