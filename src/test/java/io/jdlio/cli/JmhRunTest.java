package io.jdlio.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.workload.WorkloadException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.runner.BenchmarkException;
import org.openjdk.jmh.runner.RunnerException;

/** How a JMH run's failure reaches the user: jdlio's own message, never JMH's stack trace. */
class JmhRunTest {
    @Test
    void aForkFailureIsJdliosOwnException() {
        WorkloadException own = new WorkloadException("reading d/train/img_1_of_2.npz failed: expected the NPY magic");
        RunnerException jmh = new RunnerException("Benchmark caught the exception",
                new BenchmarkException("Benchmark error during the run", List.of(new RuntimeException("wrapped", own))));
        assertSame(own, JmhRun.failure(jmh));
    }

    @Test
    void anyOtherFailureIsOneLineNamingItsCause() {
        RunnerException jmh = new RunnerException("Benchmark caught the exception",
                new BenchmarkException(new IllegalStateException("no buffer")));
        String m = JmhRun.failure(jmh).getMessage();
        assertTrue(m.contains("IllegalStateException: no buffer") && m.contains("JDLIO_DEBUG"), m);
    }

    @Test
    void aHeldLockSaysWhatToDo() {
        RunnerException jmh = new RunnerException("ERROR: Another JMH instance might be running. Unable to acquire "
                + "the JMH lock (/tmp/jmh.lock), exiting. Use -Djmh.ignoreLock=true to forcefully continue.");
        String m = JmhRun.failure(jmh).getMessage();
        assertTrue(m.contains("jmh.lock") && m.contains("-Djmh.ignoreLock=true") && m.contains("wait"), m);
    }

    @Test
    void stackTracesInJmhsOutputShrinkToTheirHeadlines() {
        StringWriter trace = new StringWriter();
        new BenchmarkException(new WorkloadException("reading x failed")).printStackTrace(new PrintWriter(trace));
        String shown = FailureOutput.shorten(trace.toString());
        assertFalse(shown.contains("\tat ") || shown.contains("org.openjdk"), shown);
        StringWriter other = new StringWriter();
        new IllegalStateException("no buffer").printStackTrace(new PrintWriter(other));
        String short2 = FailureOutput.shorten(other.toString());
        assertTrue(short2.startsWith("java.lang.IllegalStateException: no buffer") && !short2.contains("\tat "), short2);
        assertSame("# Fork: 1 of 1", FailureOutput.shorten("# Fork: 1 of 1"));
    }
}
