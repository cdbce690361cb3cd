package io.jdlio.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hydra overrides, YAML 1.1 typing as PyYAML reads it, DLIO's time forms, unknown-key hints. */
class OverridesAndFormsTest {
    private static TestYaml base() {
        return TestYaml.workload().set("dataset.format", "npz").set("dataset.num_files_train", 4)
                .set("reader.batch_size", 2);
    }

    private static Workload parse(TestYaml yaml, String... overrides) {
        return WorkloadLoader.parse("t.yaml", yaml.text(), List.of(overrides));
    }

    /** {@code key} set to the YAML text {@code value} in the base workload. */
    private static Workload parse(String key, String value) {
        return parse(base().set(key, value));
    }

    @Test
    void hydraLongAndShortForms() {
        Workload w = parse(base(), "++workload.dataset.num_files_train=8", "reader.batch_size=3",
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
        Workload w = parse(base().set("workflow.train", "yes").set("workflow.evaluation", "True")
                .set("workflow.generate_data", "off"));
        assertTrue(w.workflow().train());
        assertTrue(w.workflow().evaluation());
        assertEquals(false, w.workflow().generateData());
    }

    @Test
    void timeForms() {
        assertEquals(new TimeSpec(TimeSpec.Kind.NORMAL, 0.3, 0.01),
                parse(base().set("train.computation_time", 0.3).set("train.computation_time_stdev", 0.01)).train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.UNIFORM, 0.1, 0.2),
                parse("train.computation_time", "{type: uniform, min: 0.1, max: 0.2}").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.GAMMA, 2, 0.1),
                parse("train.computation_time", "{type: gamma, shape: 2, scale: 0.1}").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.EXPONENTIAL, 0.1, 0),
                parse("train.computation_time", "{type: exponential, scale: 0.1}").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.POISSON, 3, 0),
                parse("train.computation_time", "{type: poisson, lam: 3}").train().computationTime());
        assertEquals(TimeSpec.constant(0.2),
                parse("train.computation_time", "{mean: 0.2}").train().computationTime());
        assertEquals(new TimeSpec(TimeSpec.Kind.NORMAL, 0.2, 0.05),
                parse("train.computation_time", "{mean: 0.2, stdev: 0.05}").train().computationTime());
    }

    @Test
    void unknownKeyWarnedWithClosestKnownKey() {
        Workload w = parse("train.epoch", "3");
        assertTrue(w.notices().warnings().stream().anyMatch(m ->
                m.contains("t.yaml") && m.contains("'train.epoch'") && m.contains("did you mean 'epochs'")),
                () -> w.notices().warnings().toString());
    }

    @Test
    void pythonOnlyKeysAcceptedWithNoEffectNote() {
        Workload w = parse(base().set("reader.pin_memory", true).set("reader.multiprocessing_context", "spawn"));
        assertTrue(w.notices().notes().stream().anyMatch(n -> n.contains("pin_memory") && n.contains("no effect")));
        assertTrue(w.notices().warnings().isEmpty(), w.notices().warnings()::toString);
    }

    @Test
    void resolvedTreeHasDefaults() {
        Workload w = parse(base());
        @SuppressWarnings("unchecked")
        var reader = (java.util.Map<String, Object>) w.resolved().get("reader");
        assertEquals(2, reader.get("prefetch_size"));
        assertEquals("off", reader.get("file_shuffle"));
    }

    @Test
    void aNegativeComputeTimeIsWaitedAsItsAbsoluteValueWithAWarning() {
        Workload w = parse(base(), "train.computation_time=-0.05");
        assertEquals(0.05, w.train().computationTime().draw(new java.util.SplittableRandom(1)), 1e-12);
        assertTrue(w.notices().warnings().stream().anyMatch(m -> m.contains("train.computation_time = -0.05 is negative")),
                w.notices().warnings()::toString);
        assertTrue(parse(base(), "train.computation_time=0.05").notices().warnings().stream()
                .noneMatch(m -> m.contains("negative")));
    }

    @Test
    void aValueCutAtACommaByJmhSaysSoAndHowToPassIt() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> parse(base(), "train.computation_time={mean: 0.01"));
        assertTrue(e.getMessage().contains("cut at a comma") && e.getMessage().contains("%2C"), e.getMessage());
        ConfigException plain = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> parse(base(), "train.computation_time=a: b: c"));
        assertTrue(!plain.getMessage().contains("comma"), plain.getMessage());
        assertEquals(0.01, parse(base(), "train.computation_time={mean: 0.01%2C stdev: 0.004}".replace("%2C", ","))
                .train().computationTime().mean(), 1e-12);
    }

    @Test
    void parquetColumnsAllMarkedUnreadWarnThatEveryColumnIsRead() {
        Workload none = parse(base().set("dataset.format", "parquet")
                .set("dataset.parquet.columns", "[{name: a, read: false}, {name: b, read: false}]"));
        assertTrue(none.notices().warnings().stream().anyMatch(m -> m.contains("every column is marked read: false")
                && m.contains("(2 columns)")), none.notices().warnings()::toString);
        Workload one = parse(base().set("dataset.format", "parquet")
                .set("dataset.parquet.columns", "[{name: a, read: true}, {name: b, read: false}]"));
        assertTrue(one.notices().warnings().stream().noneMatch(m -> m.contains("read: false")));
    }
}
