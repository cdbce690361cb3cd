package io.jdlio.cli;

import io.jdlio.workload.Generation;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Generation progress: a redrawn bar on a terminal, a plain line every few seconds otherwise (CI logs,
 * pipes), each with files, bytes, rate and ETA.
 */
final class ProgressPrinter implements Generation.Progress, AutoCloseable {
    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private final long start = System.nanoTime();
    private final AtomicLongArray state = new AtomicLongArray(4);
    private volatile long lastPrint = System.nanoTime();
    private boolean printed;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 200_000_000L : 5_000_000_000L;
    }

    @Override
    public void update(long filesDone, long filesTotal, long bytesDone, long bytesTotal) {
        state.set(0, filesDone);
        state.set(1, filesTotal);
        state.set(2, bytesDone);
        state.set(3, bytesTotal);
        long now = System.nanoTime();
        if (now - lastPrint >= intervalNanos || filesDone == filesTotal) {
            synchronized (this) {
                lastPrint = now;
                print();
            }
        }
    }

    private void print() {
        long files = state.get(0);
        long filesTotal = state.get(1);
        long bytes = state.get(2);
        long bytesTotal = Math.max(1, state.get(3));
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = bytes / Math.max(seconds, 1e-9);
        double eta = rate > 0 ? (bytesTotal - bytes) / rate : 0;
        String text = String.format(Locale.ROOT, "%d/%d files, %.2f/%.2f GiB, %.1f MiB/s, ETA %s", files, filesTotal,
                bytes / 1073741824.0, bytesTotal / 1073741824.0, rate / 1048576.0, duration(eta));
        if (terminal) {
            int width = 30;
            int filled = (int) (width * bytes / bytesTotal);
            out.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] " + text + "   ");
        } else {
            out.println("generate: " + text);
        }
        out.flush();
        printed = true;
    }

    private static String duration(double s) {
        long t = Math.round(s);
        return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60)
                : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
    }

    @Override
    public void close() {
        if (terminal && printed) {
            out.println();
        }
    }
}
