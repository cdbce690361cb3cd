package io.jdlio.cli;

import io.jdlio.config.ConfigLocator;
import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.format.FileSpec;
import io.jdlio.format.Formats;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.workload.Capabilities;
import io.jdlio.workload.Datasets;
import io.jdlio.workload.TrainingSession;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code validate}: the resolved config, the derived plan and every warning; no I/O. */
final class ValidateCommand {
    private ValidateCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        VerbArgs a = VerbArgs.parse("validate", args);
        Workload w = ConfigLocator.load(a.config(), a.overrides());
        out.println("# resolved config of " + w.source() + " (DLIO defaults filled in)");
        out.print(TrainingSession.dumpYaml(w.resolved()));
        out.println();
        out.println("# plan for " + a.accelerators() + " accelerator(s)");
        DatasetPlan dataset = new DatasetPlan(w.dataset());
        Optional<FileFormat> format = Formats.of(w.dataset().format());
        if (w.workflow().train() || w.workflow().generateData()) {
            for (Split split : Split.values()) {
                describe(out, dataset, format, split);
            }
            TrainingPlan plan = new TrainingPlan(w, dataset, a.accelerators());
            out.printf(Locale.ROOT, "train: %d steps per epoch per accelerator (batch %d), %d samples per accelerator, "
                            + "%d samples trimmed, %d epochs%n", plan.trainStepsPerEpoch(), plan.train().batch(),
                    plan.train().samplesPerAccelerator(), plan.train().samplesTrimmed(), w.train().epochs());
            if (w.workflow().evaluation()) {
                out.printf(Locale.ROOT, "eval: %d steps per accelerator (batch %d), %d samples trimmed%n",
                        plan.eval().stepsPerEpoch(), plan.eval().batch(), plan.eval().samplesTrimmed());
            }
        } else {
            out.println("dataset: not used (no training and no generation)");
        }
        for (String n : w.notices().notes()) {
            out.println("note: " + n);
        }
        for (String warning : w.notices().warnings()) {
            out.println("warning: " + warning);
        }
        for (String gap : Capabilities.notYetSupported(w)) {
            out.println("not yet supported: " + gap);
        }
        out.println("valid");
        return 0;
    }

    private static void describe(PrintStream out, DatasetPlan plan, Optional<FileFormat> format, Split split) {
        int n = plan.fileCount(split);
        if (n == 0) {
            out.println(split.folder() + ": no files");
            return;
        }
        long min = Long.MAX_VALUE;
        long max = 0;
        long total = 0;
        for (int i = 0; i < n; i++) {
            long size = format.isPresent() ? format.get().fileSize(Datasets.spec(plan, split, i))
                    : plan.payloadBytes(split, i);
            min = Math.min(min, size);
            max = Math.max(max, size);
            total += size;
        }
        FileSpec first = Datasets.spec(plan, split, 0);
        out.printf(Locale.ROOT, "%s: %d files (%s) under %s/%s, %s per file min %,d mean %,.0f max %,d, total %,d bytes "
                        + "(%.2f GiB), %d samples per file, first sample shape %s%n",
                split.folder(), n, plan.format().yamlName(), plan.config().dataFolder(), split.folder(),
                format.isPresent() ? "bytes" : "payload bytes", min, (double) total / n, max, total,
                total / (double) (1L << 30), plan.samplesPerFile(), java.util.Arrays.toString(first.sampleShape()));
    }
}
