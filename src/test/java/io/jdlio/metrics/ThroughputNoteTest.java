package io.jdlio.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DLIO's samples/s far from the wall clock's is kept, and the outputs say how far and why. The step timings
 * are set, not measured, so the figures do not depend on how busy the machine is.
 */
class ThroughputNoteTest {
    private static RunReport report() {
        // batch 7, exclude_start_steps 1, exclude_end_steps 0, training
        return new RunReport(new RunFacts("fast", 1, 28, 0, 1, 1048576, 90, 7, 7, 1, 0, false, 1, true, 0));
    }

    /** One accelerator's epoch of 4 steps whose first step's proc takes all but {@code windowSeconds} of the block. */
    private static AcceleratorEpoch epoch(double windowSeconds, double trainSeconds) {
        Block b = new Block();
        b.start(System.nanoTime());
        b.end(System.nanoTime());
        double wall = b.wallSeconds();
        b.step(0, 0, wall - windowSeconds);
        for (int s = 1; s < 4; s++) {
            b.step(0, 0, 0);
        }
        AcceleratorEpoch e = new AcceleratorEpoch(1);
        e.blocks.add(b);
        e.trainSamples = 28;
        e.trainSeconds = trainSeconds;
        return e;
    }

    @Test
    void dliosFigureFarAboveTheWallClockIsKeptAndExplained() {
        RunReport r = report();
        // DLIO: 21 counted samples over a 1 microsecond window; wall clock: 28 samples over 1 s
        EpochFigures f = r.add(List.of(epoch(1e-6, 1.0)));
        assertEquals(21 / 1e-6, f.samplesPerSecond(), 21 / 1e-6 * 1e-6);
        String note = r.notes().stream().filter(n -> n.startsWith("DLIO's training samples/s")).findFirst()
                .orElseThrow(() -> new AssertionError("no note: " + r.notes()));
        assertTrue(note.contains("exclude_start_steps=1") && note.contains("read-ahead"), note);
        assertTrue(r.metricLines().contains("DLIO's training samples/s"), r.metricLines());
    }

    @Test
    void figuresWithinTwiceOfEachOtherGetNoNote() {
        RunReport r = report();
        // DLIO: 21 samples over 0.5 s = 42/s; wall clock: 28 samples over 1 s = 28/s
        r.add(List.of(epoch(0.5, 1.0)));
        assertTrue(r.notes().stream().noneMatch(n -> n.startsWith("DLIO's training samples/s")), r.notes().toString());
    }
}
