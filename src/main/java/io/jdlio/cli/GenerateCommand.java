package io.jdlio.cli;

import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.storage.Storage;
import io.jdlio.workload.Datasets;
import io.jdlio.workload.Generation;
import io.jdlio.workload.TrainingSession;
import io.jdlio.workload.WorkloadRun;
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
        WorkloadRun run = WorkloadRun.load(a.config(), a.overrides(), a.accelerators());
        Workload w = run.workload();
        for (String warning : w.notices().warnings()) {
            out.println("warning: " + warning);
        }
        // files do not depend on batch sizes or accelerators, so no training plan is needed to write them
        run.requireRunnable();
        try (Storage storage = run.openStorage()) {
            DatasetPlan plan = run.datasetPlan();
            FileFormat format = run.format();
            if (Datasets.estimated(plan, format)) {
                out.println("note: " + w.dataset().format().yamlName() + " file sizes are known only after writing: "
                        + "progress counts payload bytes (an estimate), the summary the bytes written");
            }
            // under mpirun every host writes its share of the files (no forks here: MPI starts in this JVM)
            Generation g = new Generation(w, plan, storage, format, Runtime.getRuntime().availableProcessors(),
                    run.ranks().cluster());
            Generation.Result r;
            try (ProgressPrinter progress = new ProgressPrinter(out, Terminal.attached())) {
                r = g.ensure(progress);
            }
            notices(r, out, "");
            // formatted first and written at once: under mpirun several ranks' lines share one output
            out.print(String.format(Locale.ROOT, "generated %d files (%.3f GiB) in %.1f s (%.1f MiB/s), reused %d; "
                    + "dataset in %s%n",
                    r.filesWritten(), r.bytesWritten() / 1073741824.0, r.seconds(),
                    r.bytesWritten() / 1048576.0 / Math.max(r.seconds(), 1e-9), r.filesReused(),
                    storage.localPath(w.dataset().dataFolder()).map(p -> p.toAbsolutePath().normalize().toString())
                            .orElse(storage.describe(w.dataset().dataFolder()))));
            storage.retries().filter(x -> x.total() > 0).ifPresent(x -> out.println("storage requests retried: "
                    + x.asMap().toString().replace("{", "").replace("}", "").replace("=", " ")));
        }
        return 0;
    }

    static Generation.Result ensure(TrainingSession session, PrintStream out) throws IOException {
        try (ProgressPrinter progress = new ProgressPrinter(out, Terminal.attached())) {
            Generation.Result r = session.ensureDataset(progress);
            notices(r, out, "[jdlio] ");
            return r;
        }
    }

    private static void notices(Generation.Result r, PrintStream out, String prefix) {
        for (String notice : r.notices()) {
            out.println(prefix + "notice: " + notice);
        }
    }

}
