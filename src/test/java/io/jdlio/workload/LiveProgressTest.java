package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LiveProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void notOnATerminalItPrintsPlainLinesEveryIntervalAndNothingAfterClose() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LiveProgress p = new LiveProgress(out, LiveProgress.Mode.LINES, 50_000_000L,
                () -> "[jdlio] train epoch 1/1: line " + calls.incrementAndGet())) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (calls.get() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        String after = printed();
        Thread.sleep(150);
        assertEquals(after, printed(), "nothing is printed once closed");
        assertTrue(after.startsWith("\n"), "the first line leaves JMH's iteration line alone: " + after);
        List<String> lines = after.substring(1).lines().toList();
        assertTrue(lines.size() >= 3, after);
        for (int i = 0; i < lines.size(); i++) {
            // whole lines, no carriage return: a CI log shows each as it is
            assertEquals("[jdlio] train epoch 1/1: line " + (i + 1), lines.get(i));
        }
        assertTrue(after.endsWith("\n") && !after.contains("\r"), after);
    }

    @Test
    void aRunShorterThanTheIntervalPrintsNothing() {
        try (LiveProgress p = new LiveProgress(out, LiveProgress.Mode.LINES, 10_000_000_000L, () -> "progress")) {
            // a short epoch ends before the first line is due
        }
        assertEquals("", printed());
    }

    @Test
    void onATerminalOneLineIsRedrawnAndClearedAtTheEnd() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LiveProgress p = new LiveProgress(out, LiveProgress.Mode.TERMINAL, 20_000_000L,
                () -> calls.incrementAndGet() == 1 ? "a longer first line" : "short")) {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (calls.get() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        String s = printed();
        assertTrue(s.startsWith("\ra longer first line\rshort   "), s);
        assertTrue(!s.contains("\n") && s.endsWith("\r"), "the line is blanked for JMH's next output: " + s);
    }

    @Test
    void offPrintsNothing() throws Exception {
        try (LiveProgress p = new LiveProgress(out, LiveProgress.Mode.OFF, 1_000_000L, () -> "x")) {
            Thread.sleep(20);
        }
        assertEquals("", printed());
    }

    @Test
    void theEpochLineGivesStepAuRateAndTimeLeft() {
        // 2 accelerators, 10 steps each, then 10 more in a later epoch; each step 1 MiB per accelerator
        EpochProgress p = new EpochProgress("epoch 1/2", 2, 10, 10, 1048576, 0);
        for (int i = 0; i < 10; i++) {
            p.step(0.5);
        }
        // 5 steps per accelerator in 5 s: 2.5 s of compute each, 2 MiB/s, 15 steps left at 1 step/s
        assertEquals("[jdlio] train epoch 1/2: step 5/10, AU 50.0%, 2.0 MiB/s, ETA 0m15s", p.line(5_000_000_000L));
    }

    @Test
    void durationsReadAsMinutesOrHours() {
        assertEquals("0m07s", LiveProgress.duration(7.2));
        assertEquals("2m05s", LiveProgress.duration(125));
        assertEquals("1h01m", LiveProgress.duration(3660));
        assertEquals("?", LiveProgress.duration(Double.NaN));
    }
}
