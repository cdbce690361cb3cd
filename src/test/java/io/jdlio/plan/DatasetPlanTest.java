package io.jdlio.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdlio.TestWorkloads;
import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DLIO's file layout and its exact file sizes. */
class DatasetPlanTest {

    @Test
    void unet3dDrawTotalsDliosBytesExactly() {
        Workload w = WorkloadLoader.load(TestWorkloads.shipped("unet3d.yaml"), List.of());
        DatasetPlan p = new DatasetPlan(w.dataset());
        assertArrayEquals(new long[] {15865, 14125}, p.sampleShape(Split.TRAIN, 0));
        assertArrayEquals(new long[] {7745, 12083}, p.sampleShape(Split.TRAIN, 1));
        assertArrayEquals(new long[] {13860, 10074}, p.sampleShape(Split.TRAIN, 2));
        assertArrayEquals(new long[] {12856, 12413}, p.sampleShape(Split.TRAIN, 3));
        assertArrayEquals(new long[] {12119, 11614}, p.sampleShape(Split.TRAIN, 4));
        long total = 0;
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 168; i++) {
            long b = p.payloadBytes(Split.TRAIN, i);
            total += b;
            min = Math.min(min, b);
            max = Math.max(max, b);
        }
        assertEquals(25_285_981_919L, total);
        assertEquals(46_888_650L, min);
        assertEquals(301_601_979L, max);
    }

    @Test
    void stdevZeroGivesIntSqrtSquared() {
        Workload w = WorkloadLoader.load(TestWorkloads.shipped("unet3d.yaml"),
                List.of("dataset.record_length_bytes_stdev=0"));
        assertEquals(146_579_449L, new DatasetPlan(w.dataset()).payloadBytes(Split.TRAIN, 7));
    }

    @Test
    void dliosNamesAndSubfolders() {
        Workload w = WorkloadLoader.load(TestWorkloads.fixture("default.yaml"), List.of());
        DatasetPlan p = new DatasetPlan(w.dataset());
        assertEquals("train/0/img_00_of_64.npz", p.relativePath(Split.TRAIN, 0));
        assertEquals("train/1/img_01_of_64.npz", p.relativePath(Split.TRAIN, 1));
        assertEquals("train/1/img_63_of_64.npz", p.relativePath(Split.TRAIN, 63));
        assertEquals("valid/0/img_0_of_8.npz", p.relativePath(Split.VALID, 0));
        assertEquals("valid/1/img_7_of_8.npz", p.relativePath(Split.VALID, 7));
        assertEquals(List.of("train", "train/0", "train/1"), p.folders(Split.TRAIN));
    }

    @Test
    void flatAndSingleSubfolderLayouts() {
        String yaml = TestYaml.workload().set("dataset.format", "npy").set("dataset.num_files_train", 12)
                .set("dataset.file_prefix", "part").text();
        Workload flat = WorkloadLoader.parse("t.yaml", yaml, List.of());
        assertEquals("train/part_03_of_12.npy", new DatasetPlan(flat.dataset()).relativePath(Split.TRAIN, 3));
        Workload one = WorkloadLoader.parse("t.yaml", yaml, List.of("dataset.num_subfolders_train=1"));
        assertEquals("train/0/part_03_of_12.npy", new DatasetPlan(one.dataset()).relativePath(Split.TRAIN, 3),
                "one subfolder is 0/, not DLIO's untrainable flat layout (docs/differences.md, \"num_subfolders: 1\")");
        Workload twelve = WorkloadLoader.parse("t.yaml", yaml, List.of("dataset.num_subfolders_train=12"));
        assertEquals("train/03/part_03_of_12.npy", new DatasetPlan(twelve.dataset()).relativePath(Split.TRAIN, 3));
    }

    @Test
    void recordDimsFixEveryShape() {
        Workload w = TestYaml.workload().set("dataset.format", "npz").set("dataset.record_dims", List.of(3, 5, 7))
                .set("dataset.record_element_type", "float32").parse("t.yaml");
        DatasetPlan p = new DatasetPlan(w.dataset());
        assertArrayEquals(new long[] {3, 5, 7}, p.sampleShape(Split.TRAIN, 5));
        assertEquals(3 * 5 * 7 * 4, p.sampleBytes(Split.TRAIN, 5));
    }
}
