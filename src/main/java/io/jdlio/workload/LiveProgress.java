package io.jdlio.workload;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A long training epoch's or checkpoint's progress while it runs, as generation shows its own: on a terminal one
 * line redrawn every second, otherwise (CI logs, pipes, files) a plain line every {@value #DEFAULT_INTERVAL_SECONDS}
 * seconds. Nothing is printed before the first interval has passed, so short runs, tests among them, stay as quiet as
 * before. A JMH fork's output is never a terminal, so the launcher tells its forks which to use in system property
 * {@value #PROPERTY} ({@code terminal}, {@code lines} or {@code off}); {@value #INTERVAL_PROPERTY} sets the seconds
 * between plain lines.
 */
public final class LiveProgress implements AutoCloseable {
    public static final String PROPERTY = "jdlio.progress";
    public static final String INTERVAL_PROPERTY = "jdlio.progress.interval";
    static final int DEFAULT_INTERVAL_SECONDS = 10;
    private static final long TERMINAL_NANOS = 1_000_000_000L;

    /** How progress is shown. */
    public enum Mode {
        TERMINAL, LINES, OFF;

        /** The mode the launcher asked for; lines when run without it (JMH's own main, an IDE). */
        public static Mode fromProperties() {
            String p = System.getProperty(PROPERTY, "lines").trim().toLowerCase(Locale.ROOT);
            return switch (p) {
                case "terminal" -> TERMINAL;
                case "off", "false", "none" -> OFF;
                default -> LINES;
            };
        }
    }

    private final PrintStream out;
    private final Mode mode;
    private final long intervalNanos;
    private final Supplier<String> line;
    private final Thread thread;
    private boolean drawn;
    private int width;

    LiveProgress(PrintStream out, Mode mode, long intervalNanos, Supplier<String> line) {
        this.out = out;
        this.mode = mode;
        this.intervalNanos = intervalNanos;
        this.line = line;
        if (mode == Mode.OFF) {
            this.thread = null;
            return;
        }
        this.thread = new Thread(this::loop, "jdlio-progress");
        thread.setDaemon(true);
        thread.start();
    }

    /** Shows {@code line()} as the launcher asked, until closed; {@code line} is called on another thread. */
    public static LiveProgress start(Supplier<String> line) {
        Mode mode = Mode.fromProperties();
        return new LiveProgress(System.out, mode, mode == Mode.TERMINAL ? TERMINAL_NANOS : interval(), line);
    }

    private static long interval() {
        String s = System.getProperty(INTERVAL_PROPERTY);
        try {
            double seconds = s == null ? DEFAULT_INTERVAL_SECONDS : Double.parseDouble(s);
            return (long) (Math.max(0.05, seconds) * 1e9);
        } catch (NumberFormatException e) {
            return DEFAULT_INTERVAL_SECONDS * 1_000_000_000L;
        }
    }

    private void loop() {
        long next = System.nanoTime() + intervalNanos;
        while (true) {
            try {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            } catch (InterruptedException e) {
                return;
            }
            next += intervalNanos;
            String text;
            try {
                text = line.get();
            } catch (RuntimeException e) {
                // progress must never end a run: a figure that cannot be computed now is left out
                continue;
            }
            synchronized (this) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                print(text);
            }
        }
    }

    private void print(String text) {
        if (mode == Mode.TERMINAL) {
            String padded = text + " ".repeat(Math.max(0, width - text.length()));
            width = text.length();
            out.print("\r" + padded);
        } else {
            // JMH's "Iteration   2: " waits for its score on the same line: the first line starts on a fresh one
            out.println(drawn ? text : System.lineSeparator() + text);
        }
        out.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        synchronized (this) {
            thread.interrupt();
            if (mode == Mode.TERMINAL && drawn) {
                // JMH's iteration line follows on the same terminal line
                out.print("\r" + " ".repeat(width) + "\r");
                out.flush();
            }
        }
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A duration as 1h02m, 3m07s. */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long t = Math.round(seconds);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }
}
