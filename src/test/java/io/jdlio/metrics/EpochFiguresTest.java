package io.jdlio.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the benchmark publishes for an epoch is every figure of the record, under the names baselines use. */
class EpochFiguresTest {
    /** Each component a different value, so a published value names the component it came from. */
    private static EpochFigures distinct(boolean evaluated) {
        return new EpochFigures(1, 2, 3, 4, 5, 6, 7, 8, 9, evaluated, 10, 11, 12, 13, 14, 15, 16);
    }

    private static Map<String, Double> published(EpochFigures f) {
        return f.published().stream().collect(Collectors.toMap(EpochFigures.Figure::name,
                EpochFigures.Figure::value, (a, b) -> { throw new AssertionError("published twice"); },
                TreeMap::new));
    }

    @Test
    void everyNumericComponentIsPublishedOnce() throws Exception {
        EpochFigures f = distinct(true);
        Map<String, Double> out = published(f);
        for (RecordComponent c : EpochFigures.class.getRecordComponents()) {
            if (c.getType() == boolean.class) {
                continue;
            }
            double v = ((Number) c.getAccessor().invoke(f)).doubleValue();
            assertEquals(1, out.values().stream().filter(x -> x == v).count(),
                    () -> c.getName() + " is published exactly once: " + out);
        }
        assertEquals(EpochFigures.class.getRecordComponents().length - 1, out.size(), out::toString);
    }

    @Test
    void theNamesUsersBaselinesCompareAgainstStay() {
        Map<String, Double> out = published(distinct(true));
        assertEquals(1, out.get("au_percent"));
        assertEquals(2, out.get("samples_per_second"));
        assertEquals(4, out.get("read_MB_per_second"));
        assertEquals(5, out.get("dlio_io_MB_per_second"));
        assertEquals(6, out.get("bytes_read"));
        assertEquals(10, out.get("checkpoint_seconds"));
        assertEquals(11, out.get("eval_seconds"));
        assertEquals(14, out.get("read_latency_p99_ms"));
        assertEquals(15, out.get("read_latency_p99_9_ms"));
        List<String> units = distinct(true).published().stream().filter(x -> x.name().equals("au_percent"))
                .map(EpochFigures.Figure::unit).toList();
        assertEquals(List.of("%"), units);
    }

    @Test
    void anEpochWithoutEvaluationPublishesNoEvaluationFigures() {
        Map<String, Double> out = published(distinct(false));
        assertFalse(out.keySet().stream().anyMatch(k -> k.startsWith("eval_")), out::toString);
        assertTrue(out.containsKey("checkpoint_seconds"), out::toString);
    }
}
