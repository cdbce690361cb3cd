package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The test YAML builder writes what a hand-written workload would say. */
class TestYamlTest {
    @Test
    void sectionsInTheOrderFirstSetWithDliosBooleansAndFlowLists() {
        String text = TestYaml.workload()
                .set("framework", "pytorch")
                .set("dataset.format", "npz")
                .set("model.parallelism.tensor", 2)
                .set("dataset.record_dims", List.of(3, 4))
                .set("workflow.train", true)
                .set("train.computation_time", "{mean: 0.1, stdev: 0.01}")
                .text();
        assertEquals("framework: pytorch\ndataset:\n  format: npz\n  record_dims: [3, 4]\nmodel:\n  parallelism:\n"
                + "    tensor: 2\nworkflow:\n  train: True\ntrain:\n  computation_time: {mean: 0.1, stdev: 0.01}\n", text);
    }

    @Test
    void aRemovedKeyFallsBackToDliosDefault() {
        TestYaml y = TestYaml.workload().set("reader.batch_size", 2).set("reader.read_threads", 4);
        assertEquals(4, y.parse("t.yaml").reader().readThreads());
        assertEquals(1, y.remove("reader.read_threads").parse("t.yaml").reader().readThreads());
        assertEquals("reader:\n  batch_size: 2\n", y.text());
    }
}
