package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 8 case 18: what a workload needs of the JVM is worked out, and refused with the figures, before it starts. */
class ResourceBudgetTest {
    private static final String OK = TestYaml.workload()
            .set("framework", "pytorch")
            .set("dataset.format", "npz")
            .set("dataset.num_files_train", 8)
            .set("dataset.record_length_bytes", 65536)
            .set("reader.data_loader", "pytorch")
            .set("reader.batch_size", 2)
            .set("reader.read_threads", 1)
            .text();

    private static Workload load(String... overrides) {
        return WorkloadLoader.parse("w.yaml", OK, List.of(overrides));
    }

    @Test
    void figuresAreTheBuffersTheLoaderAllocates() {
        ResourceBudget b = ResourceBudget.of(load(), 2);
        assertEquals(2 * (1 + 1), b.threads());
        // per accelerator: 1 worker x (prefetch 2 + 1 in compute) batches of 2 x 256 x 256 bytes, + a 4 MiB read buffer
        long perAccelerator = 3L * 2 * 65536 + (4 << 20);
        assertEquals(2 * perAccelerator + 65536, b.directBytes());
        b.require(load());
        assertTrue(b.describe().contains("threads") && b.describe().contains("direct memory"), b.describe());
    }

    @Test
    void oDirectReadersCountTheirBounceBuffer() {
        long plain = ResourceBudget.of(load(), 2).directBytes();
        // 2 accelerators x 1 worker, each with a 4 MiB aligned buffer for unaligned O_DIRECT reads
        assertEquals(plain + 2L * (4 << 20), ResourceBudget.of(load("reader.odirect=True"), 2).directBytes());
    }

    @Test
    void tooManyReadThreadsIsRefusedWithTheThreadCount() {
        Workload w = load("reader.read_threads=100000");
        WorkloadException e = assertThrows(WorkloadException.class, () -> ResourceBudget.of(w, 1).require(w));
        assertTrue(e.getMessage().contains("100,001 threads") && e.getMessage().contains("reader.read_threads"),
                e::getMessage);
    }

    @Test
    void tooManyAcceleratorsIsRefusedWithTheThreadCount() {
        Workload w = load();
        WorkloadException e = assertThrows(WorkloadException.class, () -> ResourceBudget.of(w, 100000).require(w));
        assertTrue(ResourceBudget.of(w, 2).threads() == 4);
        assertTrue(e.getMessage().contains("100,000 accelerator(s)") && e.getMessage().contains("200,000 threads"),
                e::getMessage);
    }

    @Test
    void hugePrefetchIsRefusedWithTheSwitchThatRaisesTheLimit() {
        Workload w = load("reader.prefetch_size=1000000");
        WorkloadException e = assertThrows(WorkloadException.class, () -> ResourceBudget.of(w, 1).require(w));
        assertTrue(e.getMessage().contains("direct memory") && e.getMessage().contains("reader.prefetch_size 1000000")
                && e.getMessage().contains("java -XX:MaxDirectMemorySize="), e::getMessage);
    }

    @Test
    void heapGrowsWithFilesAndIsRefusedWithTheSwitch() {
        ResourceBudget small = ResourceBudget.of(load(), 2);
        // 8 files: 8 x (8 shape + 36 segment + 2 x 4 order) bytes; 2 accelerators x 2 epochs (warmup and one)
        // x 2 steps x 48 bytes of timings
        assertEquals(8 * (8 + 36 + 2 * 4) + 2 * 2 * 2 * 48, small.heapBytes());
        Workload w = load("dataset.num_files_train=1000000000", "dataset.record_length_bytes=1");
        WorkloadException e = assertThrows(WorkloadException.class, () -> ResourceBudget.of(w, 64).require(w));
        assertTrue(e.getMessage().contains("of heap") && e.getMessage().contains("java -Xmx"), e::getMessage);
    }

    @Test
    void checkpointOnlyRunsNeedNoLoaderBuffers() {
        Workload w = load("workflow.train=False", "workflow.checkpoint=True", "reader.prefetch_size=1000000");
        ResourceBudget b = ResourceBudget.of(w, 8);
        assertEquals(0, b.directBytes());
        b.require(w);
    }
}
