package io.jdlio.cli;

import java.io.IOException;
import java.util.Collection;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's console output, less the stack traces it prints when a benchmark fails: the launcher ends the run
 * with the failure's one-line message instead. With JDLIO_DEBUG set, everything is printed as JMH has it.
 */
final class FailureOutput implements OutputFormat {
    private final OutputFormat out;
    private final boolean debug;

    FailureOutput(OutputFormat out, boolean debug) {
        this.out = out;
        this.debug = debug;
    }

    /** A stack trace as JMH prints it (Throwable.printStackTrace into one string), shortened to its headlines. */
    static String shorten(String s) {
        if (s == null || !s.contains("\n\tat ")) {
            return s;
        }
        StringBuilder kept = new StringBuilder();
        for (String line : s.split("\n")) {
            String l = line.strip();
            if (l.startsWith("io.jdlio.") || l.startsWith("Caused by: io.jdlio.")
                    || l.startsWith("Suppressed: io.jdlio.")) {
                // jdlio's message is the launcher's last line; say where it will be, once
                return "(the failure is the last line of this run; set JDLIO_DEBUG=1 for its stack trace)";
            }
            if (!l.startsWith("at ") && !l.startsWith("...") && !l.isEmpty()) {
                kept.append(line).append('\n');
            }
        }
        return kept.append("(set JDLIO_DEBUG=1 for the stack trace)").toString();
    }

    private String filter(String s) {
        return debug ? s : shorten(s);
    }

    @Override
    public void iteration(BenchmarkParams benchParams, IterationParams params, int iteration) {
        out.iteration(benchParams, params, iteration);
    }

    @Override
    public void iterationResult(BenchmarkParams benchParams, IterationParams params, int iteration,
                                IterationResult data) {
        out.iterationResult(benchParams, params, iteration, data);
    }

    @Override
    public void startBenchmark(BenchmarkParams benchParams) {
        out.startBenchmark(benchParams);
    }

    @Override
    public void endBenchmark(BenchmarkResult result) {
        out.endBenchmark(result);
    }

    @Override
    public void startRun() {
        out.startRun();
    }

    @Override
    public void endRun(Collection<RunResult> result) {
        out.endRun(result);
    }

    @Override
    public void print(String s) {
        out.print(filter(s));
    }

    @Override
    public void println(String s) {
        out.println(filter(s));
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public void close() {
        out.close();
    }

    @Override
    public void verbosePrintln(String s) {
        out.verbosePrintln(filter(s));
    }

    @Override
    public void write(int b) {
        out.write(b);
    }

    @Override
    public void write(byte[] b) throws IOException {
        out.write(b);
    }
}
