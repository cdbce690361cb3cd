package io.jdlio.workload;

import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicLong;

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
    /**
     * When the last party arrived (and the hosts met), as System.nanoTime. Written once per phase by the last
     * arrival before it releases anyone, and read by each party before it can arrive again, so no party reads a
     * later phase's value.
     */
    private volatile long releasedAt;
    private static final long NO_DEADLINE = Long.MIN_VALUE;
    /** The latest compute deadline the parties of this phase brought; reset by the last arrival before release. */
    private final AtomicLong latestDeadline = new AtomicLong(NO_DEADLINE);

    public StepBarrier(int parties) {
        this(parties, null);
    }

    public StepBarrier(int parties, Runnable whenAllArrived) {
        this.phaser = new Phaser(parties) {
            @Override
            protected boolean onAdvance(int phase, int registeredParties) {
                long deadline = latestDeadline.getAndSet(NO_DEADLINE);
                if (deadline != NO_DEADLINE && !PreciseWait.until(deadline)) {
                    // interrupted: the run is stopping, and whoever stopped it reports why
                    return true;
                }
                if (whenAllArrived != null) {
                    try {
                        whenAllArrived.run();
                    } catch (RuntimeException e) {
                        // terminating releases every waiter with a failure; the arriving thread reports this one
                        actionFailure = e;
                        return true;
                    }
                }
                releasedAt = System.nanoTime();
                return false;
            }
        };
    }

    /**
     * Waits until every party has arrived; throws when the barrier is broken or the thread interrupted. Returns the
     * moment of the release (a System.nanoTime), which for a party woken late on a busy host is earlier than its
     * return: the step after the barrier began then, whenever this thread got a core again.
     */
    public long await() throws InterruptedException {
        return await(NO_DEADLINE);
    }

    /**
     * Arrives with this party's compute still running until {@code computeDeadline} (a System.nanoTime) and waits
     * until every party has arrived and the latest of their deadlines has passed; returns the release, as
     * {@link #await()} does. One thread, the last to arrive, waits for the latest deadline, parking then spinning,
     * and the others park in the barrier. Each accelerator waiting to its own deadline first made every step's end
     * a crowd: with 8 accelerator threads on 2 cores all woke within microseconds of one another, queued for the
     * cores, and the last of them came late by a quarter of a millisecond.
     */
    public long await(long computeDeadline) throws InterruptedException {
        if (computeDeadline != NO_DEADLINE) {
            latestDeadline.accumulateAndGet(computeDeadline,
                    (latest, d) -> latest == NO_DEADLINE || d - latest > 0 ? d : latest);
        }
        int phase = phaser.arrive();
        if (phase < 0 || phaser.awaitAdvanceInterruptibly(phase) < 0) {
            RuntimeException failure = actionFailure;
            if (failure != null) {
                throw failure;
            }
            // another accelerator failed; its failure is the one reported
            throw new InterruptedException("barrier broken by another accelerator");
        }
        return releasedAt;
    }

    /** Releases every waiter, now and later, with a failure: another party will never arrive. */
    public void breakBarrier() {
        phaser.forceTermination();
    }
}
