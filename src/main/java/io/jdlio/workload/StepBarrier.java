package io.jdlio.workload;

import java.util.concurrent.Phaser;

/**
 * The per-step barrier that stands in for the all-reduce: every accelerator waits until all have finished the step.
 *
 * <p>A {@link java.util.concurrent.CyclicBarrier} releases its waiters one after another: each woken thread must take
 * the barrier's lock, which the thread woken before it holds, so with 64 accelerators the last one leaves the barrier
 * 64 wake-ups after the first, and every step lost that chain's time (AU 78 % at 64 accelerators, 10 ms compute, on 2
 * cores). A {@link Phaser}'s last arrival unparks every waiter itself, so they all wake at once.
 *
 * <p>Across hosts the accelerators of one host meet here first, and the last of them to arrive runs
 * {@code whenAllArrived} (one MPI barrier with the other hosts) before anyone is released: one collective call per
 * host per step instead of one per accelerator.
 *
 * <p>Public for the engine's microbenchmarks (StepBarrierBenchmark).
 */
public final class StepBarrier {
    private final Phaser phaser;
    private volatile RuntimeException actionFailure;

    public StepBarrier(int parties) {
        this(parties, null);
    }

    public StepBarrier(int parties, Runnable whenAllArrived) {
        this.phaser = new Phaser(parties) {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                if (whenAllArrived != null) {
                    try {
                        whenAllArrived.run();
                    } catch (RuntimeException e) {
                        // terminating releases every waiter with a failure; the arriving thread reports this one
                        actionFailure = e;
                        return true;
                    }
                }
                return false;
            }
        };
    }

    /** Waits until every party has arrived; throws when the barrier is broken or the thread interrupted. */
    public void await() throws InterruptedException {
        int phase = phaser.arrive();
        if (phase < 0 || phaser.awaitAdvanceInterruptibly(phase) < 0) {
            RuntimeException failure = actionFailure;
            if (failure != null) {
                throw failure;
            }
            // another accelerator failed; its failure is the one reported
            throw new InterruptedException("barrier broken by another accelerator");
        }
    }

    /** Releases every waiter, now and later, with a failure: another party will never arrive. */
    public void breakBarrier() {
        phaser.forceTermination();
    }
}
