package io.jdlio.report;

import io.jdlio.metrics.Latency;
import io.jdlio.metrics.Verdict;
import io.jdlio.workload.WorkloadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One run as the report's page script plots it, read from what a run leaves: an output folder (jdlio's or DLIO's
 * own: summary.json, {@code <rank>_output.json}, {@code <rank>_per_epoch_stats.json}) or a JMH JSON result file,
 * which holds one run per benchmark and parameter set. Everything is turned into plain maps and lists of numbers
 * here, so the page only draws.
 */
final class RunData {
    /** Latency histograms' bucket growth: 20 buckets per decade. */
    private static final double BUCKET_BASE = Math.pow(10, 0.05);

    private RunData() {
    }

    /** The runs {@code path} holds: one for an output folder, one per benchmark entry for a JMH JSON file. */
    static List<Map<String, Object>> load(Path path, Path reportFile) throws IOException {
        if (Files.isDirectory(path)) {
            if (!Files.isRegularFile(path.resolve("summary.json"))) {
                throw new WorkloadException(path + " holds no summary.json: give the report verb a run's output "
                        + "folder (output/<model>/<run>/) or a JMH JSON file (-rf json -rff result.json)");
            }
            return List.of(folder(path, reportFile));
        }
        if (!Files.isRegularFile(path)) {
            throw new WorkloadException(path + " does not exist: give the report verb a run's output folder or a "
                    + "JMH JSON file");
        }
        Object json = parse(path);
        if (!(json instanceof List)) {
            throw new WorkloadException(path + " is not a JMH JSON result (an array of benchmarks): run with "
                    + "-rf json -rff " + path.getFileName());
        }
        List<Map<String, Object>> runs = new ArrayList<>();
        for (Object b : (List<?>) json) {
            runs.add(jmh(path, (Map<?, ?>) b));
        }
        return runs;
    }

    /** Whether {@code path} is a sweep's folder: its sweep.json, and no summary.json of a run. */
    static boolean isSweep(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve("sweep.json"))
                && !Files.isRegularFile(path.resolve("summary.json"));
    }

    /** A sweep's sweep.json as the page draws it: its keys, a name, and the probes by accelerator count. */
    static Map<String, Object> sweep(Path dir) throws IOException {
        Map<String, Object> sweep = new LinkedHashMap<>(map(parse(dir.resolve("sweep.json"))));
        sweep.put("name", dir.getParent() == null ? dir.toString()
                : dir.getParent().getFileName() + "/" + dir.getFileName());
        sweep.put("source", dir.toString());
        List<Object> probes = new ArrayList<>(sweep.get("probes") instanceof List ? (List<?>) sweep.get("probes")
                : List.of());
        probes.sort(java.util.Comparator.comparingDouble(p -> num(map(p).get("accelerators"))));
        sweep.put("probes", probes);
        return sweep;
    }

    static Object parse(Path json) throws IOException {
        LoaderOptions o = new LoaderOptions();
        o.setCodePointLimit(Integer.MAX_VALUE);
        try {
            return new Yaml(o).load(Files.readString(json));
        } catch (RuntimeException e) {
            throw new WorkloadException(json + " is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** A JSON number, also when it came through as a string (DLIO writes durations as "0.08"). */
    static double num(Object o) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        if (o == null) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(o.toString());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double[] nums(Object list) {
        if (!(list instanceof List)) {
            return new double[0];
        }
        return ((List<?>) list).stream().mapToDouble(RunData::num).toArray();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    private static Map<String, Object> folder(Path dir, Path reportFile) throws IOException {
        Map<String, Object> summary = map(parse(dir.resolve("summary.json")));
        Map<String, Object> metric = map(summary.get("metric"));
        Map<String, Object> jdlio = map(summary.get("jdlio"));
        int ranks = (int) num(summary.getOrDefault("num_accelerators", 1));
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("name", dir.getParent() == null ? dir.toString()
                : dir.getParent().getFileName() + "/" + dir.getFileName());
        // as the user gave it: a report shared with others should not carry this machine's paths
        run.put("source", dir.toString());
        Map<String, Object> config = config(dir);
        Object model = map(config.get("model")).get("name");
        run.put("model", model != null ? String.valueOf(model)
                : dir.getParent() == null ? "" : String.valueOf(dir.getParent().getFileName()));
        run.put("accelerators", ranks);
        run.put("hostname", String.valueOf(summary.getOrDefault("hostname", "")));
        run.put("start", String.valueOf(summary.getOrDefault("start", "")));
        run.put("host_memory_GB", first(summary.get("host_memory_GB")));
        run.put("data_size_GB", num(summary.get("data_size_per_host_GB")));
        run.put("metric", metric);
        List<Map<String, Object>> outputs = new ArrayList<>();
        List<Map<String, Object>> stats = new ArrayList<>();
        for (int r = 0; r < ranks; r++) {
            Path o = dir.resolve(r + "_output.json");
            Path s = dir.resolve(r + "_per_epoch_stats.json");
            outputs.add(Files.isRegularFile(o) ? map(parse(o)) : Map.of());
            stats.add(Files.isRegularFile(s) ? map(parse(s)) : Map.of());
        }
        run.put("epochs", epochs(metric, jdlio, outputs, ranks));
        run.put("steps", steps(outputs, stats));
        run.put("checkpoints", checkpoints(stats));
        run.put("latency", latency(jdlio));
        Object verdicts = summary.get("verdicts");
        run.put("verdicts", verdicts instanceof List ? verdicts : List.of());
        run.put("notes", jdlio.getOrDefault("notes", List.of()));
        run.put("flamegraphs", flamegraphs(dir, reportFile));
        run.put("au_target", num(map(config.get("metric")).get("au")));
        return run;
    }

    private static Object first(Object o) {
        return o instanceof List && !((List<?>) o).isEmpty() ? num(((List<?>) o).get(0)) : num(o);
    }

    /** The run's resolved config.yaml (its workload: section when Hydra-rooted); empty when there is none. */
    private static Map<String, Object> config(Path dir) {
        Path config = dir.resolve("config.yaml");
        try {
            if (Files.isRegularFile(config)) {
                Map<String, Object> c = map(new Yaml().load(Files.readString(config)));
                return c.containsKey("workload") ? map(c.get("workload")) : c;
            }
        } catch (IOException | RuntimeException e) {
            // a run without its config: no model name or AU threshold from it
        }
        return Map.of();
    }

    /**
     * AU, samples/s and MiB/s per epoch as summary.json gives them, each with the spread over accelerators as its
     * error bar: AU between the lowest and highest accelerator's, samples/s and MiB/s as if every accelerator went
     * as fast as the slowest and the fastest one.
     */
    private static Map<String, Object> epochs(Map<String, Object> metric, Map<String, Object> jdlio,
                                              List<Map<String, Object>> outputs, int ranks) {
        double[] au = nums(metric.get("train_au_percentage"));
        double[] sps = nums(metric.get("train_throughput_samples_per_second"));
        double[] mbps = nums(jdlio.get("train_io_measured_MB_per_second"));
        if (mbps.length == 0 && sps.length > 0) {
            mbps = new double[sps.length];
            double perSample = num(metric.get("train_io_mean_MB_per_second"))
                    / num(metric.get("train_throughput_mean_samples_per_second"));
            for (int e = 0; e < sps.length; e++) {
                mbps[e] = sps[e] * perSample;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("au", au);
        m.put("sps", sps);
        m.put("mbps", mbps);
        double[][] auRange = new double[2][au.length];
        double[][] spsRange = new double[2][sps.length];
        double[][] mbRange = new double[2][mbps.length];
        for (int e = 0; e < au.length; e++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            double tlo = Double.POSITIVE_INFINITY;
            double thi = Double.NEGATIVE_INFINITY;
            for (Map<String, Object> out : outputs) {
                Map<String, Object> epoch = map(out.get(String.valueOf(e + 1)));
                double a = weighted(map(epoch.get("au")), map(epoch.get("compute")));
                double t = weighted(map(epoch.get("throughput")), map(epoch.get("compute")));
                if (!Double.isNaN(a)) {
                    lo = Math.min(lo, a);
                    hi = Math.max(hi, a);
                }
                if (!Double.isNaN(t)) {
                    tlo = Math.min(tlo, t);
                    thi = Math.max(thi, t);
                }
            }
            auRange[0][e] = Double.isInfinite(lo) ? au[e] : lo;
            auRange[1][e] = Double.isInfinite(hi) ? au[e] : hi;
            if (e < sps.length) {
                double sum = sps[e];
                spsRange[0][e] = Double.isInfinite(tlo) ? sum : Math.min(sum, tlo * ranks);
                spsRange[1][e] = Double.isInfinite(thi) ? sum : Math.max(sum, thi * ranks);
                if (e < mbps.length && sum > 0) {
                    mbRange[0][e] = mbps[e] * spsRange[0][e] / sum;
                    mbRange[1][e] = mbps[e] * spsRange[1][e] / sum;
                } else if (e < mbps.length) {
                    mbRange[0][e] = mbps[e];
                    mbRange[1][e] = mbps[e];
                }
            }
        }
        m.put("au_range", List.of(auRange[0], auRange[1]));
        m.put("sps_range", List.of(spsRange[0], spsRange[1]));
        m.put("mbps_range", List.of(mbRange[0], mbRange[1]));
        return m;
    }

    /** A rank's per-block figure (AU or samples/s) over its training blocks, weighted by their steps. */
    private static double weighted(Map<String, Object> perBlock, Map<String, Object> compute) {
        double sum = 0;
        double steps = 0;
        for (Map.Entry<String, Object> b : perBlock.entrySet()) {
            if (!b.getKey().startsWith("block")) {
                continue;
            }
            double n = Math.max(1, nums(compute.get(b.getKey())).length);
            double v = num(b.getValue());
            if (!Double.isNaN(v)) {
                sum += v * n;
                steps += n;
            }
        }
        return steps == 0 ? Double.NaN : sum / steps;
    }

    /** Per epoch, per rank: each step's load and compute seconds, and where checkpoints interrupted the steps. */
    private static List<Object> steps(List<Map<String, Object>> outputs, List<Map<String, Object>> stats) {
        List<Object> epochs = new ArrayList<>();
        if (outputs.isEmpty()) {
            return epochs;
        }
        for (int e = 1; outputs.get(0).containsKey(String.valueOf(e)); e++) {
            List<Object> ranks = new ArrayList<>();
            for (int r = 0; r < outputs.size(); r++) {
                Map<String, Object> epoch = map(outputs.get(r).get(String.valueOf(e)));
                Map<String, Object> load = map(epoch.get("load"));
                Map<String, Object> compute = map(epoch.get("compute"));
                List<Double> l = new ArrayList<>();
                List<Double> c = new ArrayList<>();
                List<Integer> blockEnds = new ArrayList<>();
                for (String block : load.keySet()) {
                    if (!block.startsWith("block")) {
                        continue;
                    }
                    for (double x : nums(load.get(block))) {
                        l.add(x);
                    }
                    for (double x : nums(compute.get(block))) {
                        c.add(x);
                    }
                    blockEnds.add(l.size());
                }
                List<Object> cps = new ArrayList<>();
                Map<String, Object> st = map(stats.get(r).get(String.valueOf(e)));
                for (Map.Entry<String, Object> k : st.entrySet()) {
                    boolean save = k.getKey().startsWith("save_ckpt");
                    if (save || k.getKey().startsWith("load_ckpt")) {
                        int index = Integer.parseInt(k.getKey().replaceAll("[^0-9]", ""));
                        Map<String, Object> cp = new LinkedHashMap<>();
                        cp.put("save", save);
                        cp.put("index", index);
                        // after the block it ends: in-epoch checkpoints close blocks, the epoch's follows the last
                        cp.put("after_step", blockEnds.isEmpty() ? 0
                                : blockEnds.get(Math.min(index, blockEnds.size()) - 1));
                        cp.put("seconds", num(map(k.getValue()).get("duration")));
                        cps.add(cp);
                    }
                }
                Map<String, Object> rank = new LinkedHashMap<>();
                rank.put("load", l);
                rank.put("compute", c);
                rank.put("checkpoints", cps);
                ranks.add(rank);
            }
            epochs.add(ranks);
        }
        // a checkpoint-only run's epoch has no steps
        boolean anySteps = epochs.stream().anyMatch(e -> ((List<?>) e).stream()
                .anyMatch(r -> !((List<?>) ((Map<?, ?>) r).get("load")).isEmpty()));
        return anySteps ? epochs : List.of();
    }

    /** Each rank's checkpoint durations, saves and loads, in order. */
    private static Map<String, Object> checkpoints(List<Map<String, Object>> stats) {
        List<Object> save = new ArrayList<>();
        List<Object> load = new ArrayList<>();
        for (Map<String, Object> rank : stats) {
            List<Double> s = new ArrayList<>();
            List<Double> l = new ArrayList<>();
            for (Object epoch : rank.values()) {
                for (Map.Entry<String, Object> k : map(epoch).entrySet()) {
                    if (k.getKey().startsWith("save_ckpt")) {
                        s.add(num(map(k.getValue()).get("duration")));
                    } else if (k.getKey().startsWith("load_ckpt")) {
                        l.add(num(map(k.getValue()).get("duration")));
                    }
                }
            }
            save.add(s);
            load.add(l);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("save", save);
        m.put("load", load);
        return m;
    }

    /** Read and checkpoint-file latency: percentiles, the percentile curve and the histogram, from the encodings. */
    private static Map<String, Object> latency(Map<String, Object> jdlio) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> reads = map(jdlio.get("read_latency_ms"));
        if (!reads.isEmpty()) {
            List<Object> epochs = new ArrayList<>();
            Object list = reads.get("epochs");
            if (list instanceof List) {
                int e = 1;
                for (Object o : (List<?>) list) {
                    epochs.add(distribution("epoch " + e++, map(o)));
                }
            }
            m.put("reads", epochs);
            m.put("reads_overall", distribution("all epochs", map(reads.get("overall"))));
            m.put("reads_ranks", reads.getOrDefault("ranks", List.of()));
        }
        for (String kind : List.of("save", "load")) {
            Map<String, Object> files = map(jdlio.get("checkpoint_" + kind + "_file_latency_ms"));
            if (!files.isEmpty()) {
                m.put("checkpoint_" + kind, distribution("checkpoint files " + (kind.equals("save") ? "saved"
                        : "loaded"), map(files.get("overall"))));
            }
        }
        return m;
    }

    private static Map<String, Object> distribution(String label, Map<String, Object> json) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("label", label);
        for (String k : List.of("count", "p50", "p90", "p99", "p99_9", "max", "mean")) {
            d.put(k, num(json.get(k)));
        }
        Object encoded = json.get("hdr_histogram");
        if (encoded != null) {
            Latency l = Latency.decode(String.valueOf(encoded));
            d.put("curve", l.percentileCurve());
            d.put("buckets", l.buckets(BUCKET_BASE));
        } else {
            // a JMH result holds the percentiles alone: the curve through them
            List<double[]> curve = new ArrayList<>();
            curve.add(new double[] {50, num(json.get("p50"))});
            curve.add(new double[] {90, num(json.get("p90"))});
            curve.add(new double[] {99, num(json.get("p99"))});
            curve.add(new double[] {99.9, num(json.get("p99_9"))});
            curve.add(new double[] {100, num(json.get("max"))});
            d.put("curve", curve);
            d.put("buckets", List.of());
        }
        return d;
    }

    /**
     * Links to the flame graphs scripts/profile leaves in {@code <run>/flamegraphs/} (a checkpoint run's in its
     * {@code save/} and {@code load/} subfolders), relative to the report.
     */
    private static List<Object> flamegraphs(Path dir, Path reportFile) throws IOException {
        Path fg = dir.resolve("flamegraphs");
        List<Object> out = new ArrayList<>();
        if (!Files.isDirectory(fg)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(fg, 2)) {
            for (Path p : s.filter(x -> x.getFileName().toString().endsWith(".html") && Files.isRegularFile(x))
                    .sorted().toList()) {
                Map<String, Object> link = new LinkedHashMap<>();
                link.put("name", fg.relativize(p).toString().replace('\\', '/'));
                link.put("href", href(p, reportFile));
                out.add(link);
            }
        }
        return out;
    }

    private static String href(Path target, Path reportFile) {
        Path from = reportFile.toAbsolutePath().normalize().getParent();
        Path to = target.toAbsolutePath().normalize();
        try {
            return from.relativize(to).toString().replace('\\', '/');
        } catch (IllegalArgumentException e) {
            return to.toUri().toString();
        }
    }

    /**
     * One JMH benchmark entry: each measured iteration is an epoch (or a checkpoint), its value the mean over forks
     * and its error bar their range; latency from the percentiles JMH carries.
     */
    private static Map<String, Object> jmh(Path file, Map<?, ?> b) {
        Map<String, Object> params = map(b.get("params"));
        String bench = String.valueOf(b.get("benchmark"));
        Map<String, Object> secondary = map(b.get("secondaryMetrics"));
        Map<String, Object> run = new LinkedHashMap<>();
        String config = String.valueOf(params.getOrDefault("config", ""));
        run.put("name", file.getFileName() + ": " + bench.substring(bench.lastIndexOf('.', bench.lastIndexOf('.') - 1)
                + 1) + (config.isEmpty() ? "" : " " + config) + " x" + params.getOrDefault("accelerators", "1"));
        run.put("source", file.toString());
        run.put("model", config.replaceAll("\\.ya?ml$", ""));
        run.put("accelerators", (int) num(params.getOrDefault("accelerators", 1)));
        run.put("metric", Map.of());
        Map<String, Object> epochs = new LinkedHashMap<>();
        for (String[] k : new String[][] {{"au", "au_percent"}, {"sps", "samples_per_second"},
                {"mbps", "read_MB_per_second"}}) {
            double[][] raw = raw(map(secondary.get(k[1])).get("rawData"));
            epochs.put(k[0], raw[0]);
            epochs.put(k[0] + "_range", List.of(raw[1], raw[2]));
        }
        run.put("epochs", epochs);
        run.put("steps", List.of());
        Map<String, Object> cps = new LinkedHashMap<>();
        double[][] slowest = raw(map(secondary.get("slowest_rank_seconds")).get("rawData"));
        boolean save = bench.endsWith(".save");
        List<Object> one = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (double v : slowest[0]) {
            values.add(v);
        }
        one.add(values);
        cps.put(save ? "save" : "load", values.isEmpty() ? List.of() : one);
        cps.put(save ? "load" : "save", List.of());
        run.put("checkpoints", cps);
        Map<String, Object> latency = new LinkedHashMap<>();
        String prefix = secondary.containsKey("read_latency_p50_ms") ? "read_latency_" : "file_latency_";
        if (secondary.containsKey(prefix + "p50_ms")) {
            Map<String, Object> json = new LinkedHashMap<>();
            for (String p : List.of("p50", "p90", "p99", "p99_9", "max")) {
                json.put(p, num(map(secondary.get(prefix + p + "_ms")).get("score")));
            }
            json.put("count", Double.NaN);
            Map<String, Object> d = distribution("mean over iterations", json);
            if (prefix.startsWith("read")) {
                latency.put("reads", List.of());
                latency.put("reads_overall", d);
            } else {
                latency.put("checkpoint_" + (save ? "save" : "load"), d);
            }
        }
        run.put("latency", latency);
        run.put("verdicts", List.of());
        run.put("notes", List.of());
        run.put("flamegraphs", List.of());
        run.put("au_target", Double.NaN);
        return run;
    }

    /** JMH's rawData [fork][iteration] as per iteration: mean, lowest and highest over forks. */
    private static double[][] raw(Object rawData) {
        if (!(rawData instanceof List) || ((List<?>) rawData).isEmpty()) {
            return new double[3][0];
        }
        List<?> forks = (List<?>) rawData;
        int n = ((List<?>) forks.get(0)).size();
        double[][] out = new double[3][n];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int count = 0;
            for (Object f : forks) {
                List<?> it = (List<?>) f;
                if (i < it.size()) {
                    double v = num(it.get(i));
                    sum += v;
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                    count++;
                }
            }
            out[0][i] = sum / count;
            out[1][i] = lo;
            out[2][i] = hi;
        }
        return out;
    }

    /** MLPerf's replication rule over the runs given together, grouped by workload and accelerator count. */
    static List<Map<String, Object>> replication(List<Map<String, Object>> runs) {
        Map<String, List<Double>> groups = new LinkedHashMap<>();
        for (Map<String, Object> run : runs) {
            double[] sps = (double[]) map(run.get("epochs")).get("sps");
            if (sps == null || sps.length == 0) {
                continue;
            }
            double mean = 0;
            for (double v : sps) {
                mean += v;
            }
            groups.computeIfAbsent(run.get("model") + " on " + run.get("accelerators") + " accelerator(s)",
                    k -> new ArrayList<>()).add(mean / sps.length);
        }
        List<Map<String, Object>> out = new ArrayList<>();
        groups.forEach((k, v) -> {
            Map<String, Object> m = Verdict.replication("samples/s", v.stream().mapToDouble(x -> x).toArray()).json();
            m.put("rule", m.get("rule") + ": " + k);
            out.add(m);
        });
        return out;
    }
}
