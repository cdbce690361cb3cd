package io.jdlio.cli;

import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.format.FileSpec;
import io.jdlio.format.Formats;
import io.jdlio.plan.CheckpointPlan;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.plan.TrainingPlan;
import io.jdlio.workload.Capabilities;
import io.jdlio.workload.Datasets;
import io.jdlio.workload.ResourceBudget;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code validate}: the resolved config, the derived plan and every warning; no I/O. */
final class ValidateCommand {
    private ValidateCommand() {
    }

    static int run(List<String> args, PrintStream out) {
        VerbArgs a = VerbArgs.parse("validate", args);
        WorkloadRun run = WorkloadRun.load(a.config(), a.overrides(), a.accelerators());
        Workload w = run.workload();
        if (w.workflow().checkpoint() && !a.acceleratorsGiven()) {
            // a checkpoint needs at least one data-parallel replica of tensor x pipeline accelerators
            run = run.on(Math.max(run.accelerators(), CheckpointPlan.smallestAccelerators(w)));
        }
        int accelerators = run.accelerators();
        // what the run needs of the JVM, before the plans below take their share of it
        ResourceBudget budget = run.budget();
        budget.require(w);
        // plan first: a config that cannot run on this many accelerators fails before anything is printed
        DatasetPlan dataset = run.datasetPlan();
        boolean usesData = w.workflow().train() || w.workflow().generateData();
        TrainingPlan plan = usesData ? run.trainingPlan(dataset) : null;
        CheckpointPlan checkpoint = w.workflow().checkpoint() ? run.checkpointPlan() : null;

        out.println("# resolved config of " + w.source() + " (DLIO defaults filled in)");
        out.print(TrainingSession.dumpYaml(w.resolved()));
        out.println();
        out.println("# plan for " + accelerators + " accelerator(s)");
        Optional<FileFormat> format = Formats.of(w.dataset());
        if (plan != null) {
            for (Split split : Split.values()) {
                describe(out, dataset, format, split);
            }
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
        if (checkpoint != null) {
            describe(out, w, checkpoint);
        }
        out.println(budget.describe());
        for (String n : w.notices().notes()) {
            out.println("note: " + n);
        }
        for (String warning : w.notices().warnings()) {
            out.println("warning: " + warning);
        }
        for (Capabilities.Gap gap : Capabilities.notYetSupported(w)) {
            out.println("not yet supported: " + gap.message() + (gap.blocking() ? "" : " (runs without it)"));
        }
        Optional<String> empty = plan == null ? Optional.empty() : plan.emptyAuWindow();
        empty.ifPresent(m -> out.println("warning: " + m));
        int warnings = w.notices().warnings().size() + (empty.isPresent() ? 1 : 0);
        // an unknown key is a warning: "valid" alone reads as "nothing to look at" below a page of plan
        out.println(warnings == 0 ? "valid" : "valid, with " + warnings + (warnings == 1 ? " warning" : " warnings"));
        return 0;
    }

    private static void describe(PrintStream out, Workload w, CheckpointPlan plan) {
        out.printf(Locale.ROOT, "checkpoint: %d files, %,d bytes (%.4f GiB) per checkpoint; DLIO reports checkpoint_size "
                        + "%.4f GB%s; the config allows %d accelerators or more%n", plan.files(), plan.bytes(),
                plan.bytes() / (double) (1L << 30), plan.reportedGiB(), plan.subset() ? " (subset)" : "",
                CheckpointPlan.smallestAccelerators(w));
        for (CheckpointPlan.Rank r : plan.ranks()) {
            out.printf(Locale.ROOT, "checkpoint rank %d: %d files, %,d bytes%n", r.rank(), r.files().size(), r.bytes());
        }
        for (CheckpointPlan.File f : plan.ranks().get(0).files()) {
            out.printf(Locale.ROOT, "checkpoint rank 0 file: %s/%s %,d bytes%n", CheckpointPlan.folder(1, 1),
                    f.name(), f.bytes());
        }
    }

    /** A sample as its format describes it (a Parquet row is its declared columns). */
    private static String shape(DatasetPlan plan, FileSpec first) {
        return Formats.descriptor(plan.format()).map(f -> f.describeSample(plan.config(), first.sampleShape()))
                .orElse(Arrays.toString(first.sampleShape()));
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
            long size = format.isPresent() ? Datasets.size(plan, format.get(), split, i) : plan.payloadBytes(split, i);
            min = Math.min(min, size);
            max = Math.max(max, size);
            total += size;
        }
        FileSpec first = Datasets.spec(plan, split, 0);
        boolean estimated = format.isEmpty() || Datasets.estimated(plan, format.get());
        out.printf(Locale.ROOT, "%s: %d files (%s) under %s/%s, %s per file min %,d mean %,.0f max %,d, total %s%,d bytes "
                        + "(%s%.2f GiB%s), %d samples per file, first sample shape %s%n",
                split.folder(), n, plan.format().yamlName(), plan.config().dataFolder(), split.folder(),
                estimated ? "payload bytes" : "bytes", min, (double) total / n, max, estimated ? "~" : "", total,
                estimated ? "~" : "", total / (double) (1L << 30),
                estimated ? ", estimate: compressed sizes are known only after writing" : "",
                plan.samplesPerFile(), shape(plan, first));
    }
}
