package io.jdlio.cli;

import io.jdlio.config.ConfigLocator;
import java.io.PrintStream;
import java.util.List;

/**
 * jdlio's own usage: the verbs, how to name a workload and override its keys, where the run writes, the
 * workloads in this jar. JMH's option list follows it only on {@code -h}: printed alone it hid everything
 * jdlio adds, and JMH's {@code --help} and {@code help} are an error and a benchmark pattern.
 */
final class Usage {
    private static final String JAR = "java -jar target/benchmarks.jar";

    private Usage() {
    }

    /** Whether {@code args} ask for the usage: none at all, {@code help}, {@code --help}, {@code -help} or {@code -h}. */
    static boolean asked(List<String> args) {
        return args.isEmpty() || args.size() == 1 && isHelp(args.get(0));
    }

    static boolean isHelp(String arg) {
        return arg.equals("help") || arg.equals("--help") || arg.equals("-help") || arg.equals("-h");
    }

    static void print(PrintStream out) {
        out.println("jdlio: DLIO deep-learning I/O workloads as JMH benchmarks");
        out.println();
        out.println("Usage:");
        out.println("  " + JAR + " -p config=<workload> [-p accelerators=N] [overrides...] [JMH options]");
        out.println("      runs the benchmark the workload's workflow asks for (training, checkpointing or");
        out.println("      generation), measuring train.epochs epochs unless -i says otherwise");
        out.println("  " + JAR + " validate <workload> [--accelerators N] [overrides...]");
        out.println("      prints the resolved config, the plan and every warning; reads and writes nothing");
        out.println("  " + JAR + " generate <workload> [overrides...]");
        out.println("      writes (or completes) the workload's dataset and nothing else");
        out.println("  " + JAR + " sweep -p config=<workload> [--max-accelerators N] [overrides...]");
        out.println("      the largest accelerator count whose AU meets the workload's metric.au (MLPerf Storage's");
        out.println("      figure): short trials on 1, 2, 4... accelerators, then bisection; writes sweep.json");
        out.println("  " + JAR + " flamegraph <recording.jfr> [folder]");
        out.println("      CPU, wall-clock and allocation flame graphs (HTML) of a JFR recording; scripts/profile");
        out.println("      runs a workload under async-profiler and makes them beside the run's outputs");
        out.println("  " + JAR + " report <output folder | result.json>... [-o report.html]");
        out.println("      one HTML file (opens offline): AU, samples/s, MiB/s, steps, latency, MLPerf verdicts");
        out.println("  " + JAR + " '.*'          every benchmark, microbenchmarks included");
        out.println("  " + JAR + " 'micro.*'     the microbenchmarks");
        out.println();
        out.println("  <workload>       a DLIO YAML: a path, a name in ./workloads/, or a bundled one (.yaml may be left off)");
        out.println("  overrides        DLIO's Hydra form, as DLIO takes them: ++workload.reader.batch_size=4,");
        out.println("                   dataset.num_files_train=8, ++workload.model.layer_parameters=[4096,16384];");
        out.println("                   or in JMH's form -p overrides='a=1;b=2' (';' separates, JMH splits on ',')");
        out.println("  accelerators     DLIO's rank count (mpirun -np N): -p accelerators=N, --accelerators N on verbs");
        out.println();
        out.println("Where a run writes (relative to the working directory, as in DLIO; the run prints each absolute path):");
        out.println("  dataset.data_folder          the dataset (default data/), reused while its .jdlio-manifest matches");
        out.println("  checkpoint.checkpoint_folder checkpoints (default checkpoints/)");
        out.println("  output/<model>/<run>/        DLIO's outputs: summary.json, <rank>_output.json, dlio.log...");
        out.println("  The [METRIC] block and the output folder are printed at the end, after JMH's table.");
        out.println();
        out.println("Bundled workloads: " + String.join(", ", ConfigLocator.bundled()));
        out.println();
        out.println("JMH options (-f forks, -wi warmups, -i iterations, -rf json -rff file, -prof ...):");
        out.println("  " + JAR + " -h       this usage, then JMH's own option list");
        out.println("  " + JAR + " -l       the benchmarks in this jar");
        out.println("  validate --help, generate --help, sweep --help, flamegraph --help, report --help");
        out.println("                    the verbs' usage");
    }

    private static void sweep(PrintStream out) {
        out.println("Usage: " + JAR + " " + SweepCommand.USAGE);
        out.println("  Finds the largest number of emulated accelerators whose training AU still meets the");
        out.println("  workload's metric.au on this storage, the figure an MLPerf Storage submission reports:");
        out.println("  trials on 1, 2, 4... accelerators until one fails, then bisection between the last pass");
        out.println("  and the first failure. The dataset is generated once (it does not depend on the count).");
        out.println("  --max-accelerators N   the largest count tried (default " + SweepCommand.DEFAULT_MAX
                + ", and no more than the dataset gives steps)");
        out.println("  --epochs N             measured epochs per trial (default 1; JMH's warmup epoch comes first)");
        out.println("  --steps N              steps per accelerator per epoch (default train.total_training_steps,");
        out.println("                         else MLPerf's 500; fewer when the dataset has fewer)");
        out.println("  Writes output/<model>/<run>/sweep.json (or under output.folder): every trial's AU and");
        out.println("  samples/s, the threshold and the answer; each trial's DLIO outputs in accelerators-N/.");
        out.println("  Other JMH options (-wi, -f, -jvmArgs...) apply to every trial.");
    }

    static void verb(String verb, PrintStream out) {
        if (verb.equals("report")) {
            out.println("Usage: " + JAR + " report <result>... [-o FILE]");
            out.println("  Writes one self-contained HTML file (default " + ReportCommand.DEFAULT_FILE + ") from");
            out.println("  run output folders (output/<model>/<run>/, jdlio's or DLIO's) and JMH JSON files");
            out.println("  (-rf json -rff result.json): AU, samples/s and MiB/s per epoch, each step's load and");
            out.println("  compute, read and checkpoint-file latency, checkpoints per rank, MLPerf Storage's");
            out.println("  verdicts, and links to flame graphs in <run>/flamegraphs/. Several results are shown");
            out.println("  side by side; 5 runs of one workload are judged by MLPerf's 5 % replication rule.");
            return;
        }
        if (verb.equals("sweep")) {
            sweep(out);
            return;
        }
        if (verb.equals("flamegraph")) {
            out.println("Usage: " + JAR + " " + FlameGraphCommand.USAGE);
            out.println("  Turns a JFR recording (scripts/profile's, -prof jfr's, -prof async:output=jfr's) into");
            out.println("  self-contained HTML flame graphs: cpu.html, wall.html, alloc.html, in the folder given");
            out.println("  (default: flamegraphs/ beside the recording). A kind with no samples is left out.");
            return;
        }
        out.println("Usage: " + JAR + " " + verb + " <workload> [--accelerators N] [overrides...]");
        if (verb.equals("validate")) {
            out.println("  Prints the resolved config (DLIO's defaults filled in), the dataset, training and");
            out.println("  checkpoint plan for N accelerators, what the run needs of the JVM, and every warning;");
            out.println("  ends with \"valid\" or \"valid, with N warnings\". Reads and writes nothing.");
        } else {
            out.println("  Writes the workload's dataset under dataset.data_folder (default data/, relative to the");
            out.println("  working directory), or completes it; a dataset whose .jdlio-manifest matches is reused.");
        }
        out.println("  <workload>   a DLIO YAML: a path, a name in ./workloads/, or a bundled one");
        out.println("  overrides    ++workload.reader.batch_size=4, dataset.num_files_train=8 (DLIO's Hydra keys)");
        out.println("  Bundled workloads: " + String.join(", ", ConfigLocator.bundled()));
    }
}
