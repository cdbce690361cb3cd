package io.jdlio.cli;

import io.jdlio.workload.Generation;
import io.jdlio.workload.TrainingSession;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** {@code generate}: writes (or completes) a workload's dataset and nothing else. */
final class GenerateCommand {
    private GenerateCommand() {
    }

    static int run(List<String> args, PrintStream out) throws IOException {
        VerbArgs a = VerbArgs.parse("generate", args);
        try (TrainingSession session = new TrainingSession(a.config(), String.join(";", a.overrides()),
                a.accelerators())) {
            printNotices(session, out);
            Generation.Result r = ensure(session, out);
            out.printf(Locale.ROOT, "generated %d files (%.3f GiB) in %.1f s (%.1f MiB/s), reused %d; dataset in %s%n",
                    r.filesWritten(), r.bytesWritten() / 1073741824.0, r.seconds(),
                    r.bytesWritten() / 1048576.0 / Math.max(r.seconds(), 1e-9), r.filesReused(),
                    session.workload().dataset().dataFolder());
        }
        return 0;
    }

    static Generation.Result ensure(TrainingSession session, PrintStream out) throws IOException {
        try (ProgressPrinter progress = new ProgressPrinter(out, System.console() != null)) {
            return session.ensureDataset(progress);
        }
    }

    static void printNotices(TrainingSession session, PrintStream out) {
        for (String w : session.workload().notices().warnings()) {
            out.println("warning: " + w);
        }
    }
}
