package io.jdlio.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hydra overrides, YAML 1.1 typing as PyYAML reads it, DLIO's time forms, unknown-key hints. */
class OverridesAndFormsTest {
    private static final String BASE = "dataset:\n  format: npz\n  num_files_train: 4\nreader:\n  batch_size: 2\n";

    private static Workload parse(String yaml, String... overrides) {
        return WorkloadLoader.parse("t.yaml", yaml, List.of(overrides));
    }

    @Test
    void hydraLongAndShortForms() {
        Workload w = parse(BASE, "++workload.dataset.num_files_train=8", "reader.batch_size=3",
                "+workload.train.epochs=4", "workload.reader.read_threads=0", "train.computation_time=0.5");
        assertEquals(8, w.dataset().numFilesTrain());
        assertEquals(3, w.reader().batchSize());
        assertEquals(4, w.train().epochs());
        assertEquals(0, w.reader().readThreads());
        assertEquals(TimeSpec.constant(0.5), w.train().computationTime());
    }

    @Test
    void overridesSplitOnSemicolons() {
        assertEquals(List.of("a=1", "b.c=2"), Overrides.split("a=1; b.c=2;"));
    }

    @Test
    void yaml11BooleansAsPyYamlReadsThem() {
        Workload w = parse(BASE + "workflow:\n  train: yes\n  evaluation: True\n  generate_data: off\n");
        assertTrue(w.workflow().train());
        assertTrue(w.workflow().evaluation());
        assertEquals(false, w.workflow().generateData());
    }

    @Test
    void timeForms() {
        assertEquals(new TimeSpec(TimeSpec.Kind.NORMAL, 0.3, 0.01),
                parse(BASE + "train:\n  computation_time: 0.3\n  computation_time_stdev: 0.01\n").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.UNIFORM, 0.1, 0.2),
                parse(BASE + "train:\n  computation_time: {type: uniform, min: 0.1, max: 0.2}\n").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.GAMMA, 2, 0.1),
                parse(BASE + "train:\n  computation_time: {type: gamma, shape: 2, scale: 0.1}\n").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.EXPONENTIAL, 0.1, 0),
                parse(BASE + "train:\n  computation_time: {type: exponential, scale: 0.1}\n").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.POISSON, 3, 0),
                parse(BASE + "train:\n  computation_time: {type: poisson, lam: 3}\n").train().computationTime());
        assertEquals(TimeSpec.constant(0.2),
                parse(BASE + "train:\n  computation_time: {mean: 0.2}\n").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.NORMAL, 0.2, 0.05),
                parse(BASE + "train:\n  computation_time: {mean: 0.2, stdev: 0.05}\n").train().computationTime());
    }

    @Test
    void unknownKeyWarnedWithClosestKnownKey() {
        Workload w = parse(BASE + "train:\n  epoch: 3\n");
        assertTrue(w.notices().warnings().stream().anyMatch(m ->
                m.contains("t.yaml") && m.contains("'train.epoch'") && m.contains("did you mean 'epochs'")),
                () -> w.notices().warnings().toString());
    }

    @Test
    void pythonOnlyKeysAcceptedWithNoEffectNote() {
        Workload w = parse(BASE + "  pin_memory: True\n  multiprocessing_context: spawn\n");
        assertTrue(w.notices().notes().stream().anyMatch(n -> n.contains("pin_memory") && n.contains("no effect")));
        assertTrue(w.notices().warnings().isEmpty(), w.notices().warnings()::toString);
    }

    @Test
    void resolvedTreeHasDefaults() {
        Workload w = parse(BASE);
        @SuppressWarnings("unchecked")
        var reader = (java.util.Map<String, Object>) w.resolved().get("reader");
        assertEquals(2, reader.get("prefetch_size"));
        assertEquals("off", reader.get("file_shuffle"));
    }
}
