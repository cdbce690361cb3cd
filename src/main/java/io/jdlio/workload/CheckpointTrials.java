package io.jdlio.workload;

import io.jdlio.metrics.AcceleratorEpoch;
import io.jdlio.metrics.CheckpointTiming;
import io.jdlio.metrics.Latency;
import io.jdlio.metrics.RunReport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A checkpoint trial's figures as its output ledger keeps them, so that the other trial of the same run (JMH
 * runs {@code load} and {@code save} as two) can write one set of DLIO outputs with both.
 */
final class CheckpointTrials {
    private CheckpointTrials() {
    }

    /** What the ranks' timings hold: "save", "load" or both. */
    static Set<String> kinds(List<AcceleratorEpoch> ranks) {
        Set<String> k = new LinkedHashSet<>();
        for (AcceleratorEpoch r : ranks) {
            for (CheckpointTiming t : r.checkpoints) {
                k.add(kind(t));
            }
        }
        return k;
    }

    private static String kind(CheckpointTiming t) {
        return t.save() ? "save" : "load";
    }

    /** Whether an earlier trial's ledger holds checkpoint figures of the other kind only: this trial completes it. */
    static boolean completes(OutputLedger earlier, Set<String> done) {
        Object kinds = earlier.partial().get("checkpoint_kinds");
        if (!(kinds instanceof List) || ((List<?>) kinds).isEmpty() || done.isEmpty()) {
            return false;
        }
        for (Object k : (List<?>) kinds) {
            if (done.contains(String.valueOf(k))) {
                return false;
            }
        }
        return true;
    }

    /** The ranks' timings and the report's notes, for the ledger. */
    static Map<String, Object> partial(List<AcceleratorEpoch> ranks, RunReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpoint_kinds", new ArrayList<>(kinds(ranks)));
        List<Object> perRank = new ArrayList<>();
        for (AcceleratorEpoch r : ranks) {
            Map<String, Object> rank = new LinkedHashMap<>();
            rank.put("start", r.start);
            rank.put("end", r.end);
            List<Object> timings = new ArrayList<>();
            for (CheckpointTiming t : r.checkpoints) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("save", t.save());
                c.put("index", t.index());
                c.put("start", t.start());
                c.put("end", t.end());
                c.put("seconds", t.seconds());
                c.put("bytes", t.bytes());
                c.put("file_latency", t.files().encoded());
                timings.add(c);
            }
            rank.put("checkpoints", timings);
            perRank.add(rank);
        }
        m.put("ranks", perRank);
        m.put("notes", report.notes());
        if (report.cacheSuspectBecause() != null) {
            m.put("cache_suspect_because", report.cacheSuspectBecause());
        }
        return m;
    }

    /** Adds an earlier trial's timings and notes to this one's; saves come before loads, as in DLIO's files. */
    static void merge(OutputLedger earlier, List<AcceleratorEpoch> ranks, RunReport report) {
        merge(earlier.partial(), ranks, report, 0);
    }

    /** {@code first}: the global rank of {@code ranks.get(0)}, when this process runs a share of a run's ranks. */
    static void merge(Map<?, ?> p, List<AcceleratorEpoch> ranks, RunReport report, int first) {
        List<?> perRank = (List<?>) p.get("ranks");
        for (int r = 0; r < ranks.size() && perRank != null && first + r < perRank.size(); r++) {
            Map<?, ?> rank = (Map<?, ?>) perRank.get(first + r);
            AcceleratorEpoch own = ranks.get(r);
            String start = String.valueOf(rank.get("start"));
            if (own.start == null || start.compareTo(own.start) < 0) {
                own.start = start;
            }
            for (Object o : (List<?>) rank.get("checkpoints")) {
                Map<?, ?> c = (Map<?, ?>) o;
                own.checkpoints.add(new CheckpointTiming(Boolean.parseBoolean(String.valueOf(c.get("save"))),
                        Integer.parseInt(String.valueOf(c.get("index"))), String.valueOf(c.get("start")),
                        String.valueOf(c.get("end")), Double.parseDouble(String.valueOf(c.get("seconds"))),
                        Long.parseLong(String.valueOf(c.get("bytes"))),
                        c.get("file_latency") == null ? new Latency()
                                : Latency.decode(String.valueOf(c.get("file_latency")))));
            }
            own.checkpoints.sort(Comparator.comparing((CheckpointTiming t) -> !t.save())
                    .thenComparingInt(CheckpointTiming::index));
            report.startedAt(own.start);
        }
        if (p.get("notes") instanceof List) {
            for (Object n : (List<?>) p.get("notes")) {
                report.note(String.valueOf(n));
            }
        }
        if (p.get("cache_suspect_because") != null) {
            report.cacheSuspect(String.valueOf(p.get("cache_suspect_because")));
        }
    }
}
