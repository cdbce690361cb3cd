package io.jdlio.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Shared;
import io.jdlio.TestWorkloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every real DLIO and MLPerf Storage config loads unchanged, with the values DLIO would use. The upstream
 * configs are read from ../shared when it is there (skipped with a reason otherwise); the shipped and test
 * workloads always.
 */
class SharedWorkloadsTest {

    static Stream<Path> allWorkloads() throws Exception {
        List<Path> shipped;
        try (Stream<Path> s = Stream.concat(Files.list(Path.of("workloads")),
                Files.list(TestWorkloads.fixture(".")).filter(p -> p.toString().endsWith(".yaml")))) {
            shipped = s.sorted().toList();
        }
        return Stream.concat(Shared.workloads().stream(), shipped.stream());
    }

    @ParameterizedTest
    @MethodSource("allWorkloads")
    void loadsWithoutUnknownKeys(Path file) {
        if (file.startsWith(Shared.ROOT)) {
            Shared.assumePresent();
        }
        Workload w = WorkloadLoader.load(file, List.of());
        assertTrue(w.notices().warnings().stream().noneMatch(m -> m.contains("unknown key")),
                () -> file + ": " + w.notices().warnings());
        assertFalse(w.resolved().isEmpty());
    }

    @Test
    void unet3dH100() {
        Workload w = WorkloadLoader.load(TestWorkloads.shipped("unet3d.yaml"), List.of());
        assertEquals(Framework.PYTORCH, w.framework());
        assertEquals(DataFormat.NPZ, w.dataset().format());
        assertEquals("data/unet3d", w.dataset().dataFolder(), "trailing / stripped as DLIO does");
        assertEquals(168, w.dataset().numFilesTrain());
        assertEquals(146600628.0, w.dataset().recordLengthBytes());
        assertEquals(68341808.0, w.dataset().recordLengthBytesStdev());
        assertEquals(2097152.0, w.dataset().recordLengthBytesResize());
        assertEquals(7, w.reader().batchSize());
        assertEquals(4, w.reader().readThreads());
        assertEquals(2, w.reader().prefetchSize(), "DLIO's code default, not the docs' 0");
        assertEquals(Shuffle.SEED, w.reader().fileShuffle());
        assertEquals(SamplerKind.INDEX, w.reader().sampler());
        assertEquals(TimeSpec.constant(0.323), w.train().computationTime());
        assertEquals(5, w.train().epochs());
        assertEquals(499153191L, w.model().modelSizeBytes(), "legacy model_size honoured (docs/differences.md, \"legacy keys\")");
        assertTrue(w.notices().notes().stream().anyMatch(n -> n.contains("model.model_size")));
        assertEquals(0.90, w.metricAu());
        assertEquals(1, w.output().excludeStartSteps());
    }

    /** MLPerf Storage v3.0's DLRM shape: 200 typed columns, the model's 40 read, a batch of 16384. */
    @Test
    void dlrmParquetShape() {
        Workload w = WorkloadLoader.load(TestWorkloads.shipped("dlrm_parquet.yaml"), List.of());
        assertEquals(DataFormat.PARQUET, w.dataset().format());
        List<DatasetConfig.Column> columns = w.dataset().parquet().columns();
        assertEquals(200, columns.size());
        assertEquals(40, columns.stream().filter(DatasetConfig.Column::read).count());
        assertEquals(ParquetDtype.INT64, columns.get(14).dtype(), "cat_00: a large table's ids");
        assertTrue(columns.stream().map(DatasetConfig.Column::dtype).distinct().count() >= 9, "a mix of dtypes");
        assertEquals(16384, w.reader().batchSize());
        assertEquals(TimeSpec.constant(0.000375), w.train().computationTime());
        assertEquals(0.70, w.metricAu());
    }

    @Test
    void resnetFloatRecordLengthAndTensorflowDefaults() {
        Workload w = WorkloadLoader.load(TestWorkloads.fixture("resnet50_h100.yaml"), List.of());
        assertEquals(114660.07, w.dataset().recordLengthBytes());
        assertEquals(DataLoaderKind.TENSORFLOW, w.reader().dataLoader());
        assertEquals(SamplerKind.ITERATIVE, w.reader().sampler());
        assertEquals(1251, w.dataset().numSamplesPerFile());
    }

    @Test
    void fluxLegacyRecordLengthAndParquetColumns() {
        Workload w = WorkloadLoader.load(TestWorkloads.fixture("flux_b200.yaml"), List.of());
        assertEquals(2164832.0, w.dataset().recordLengthBytes());
        assertEquals(DataFormat.PARQUET, w.dataset().format());
        assertEquals(5, w.dataset().parquet().columns().size());
        assertEquals("t5_encodings", w.dataset().parquet().columns().get(0).name());
        assertEquals(524328, w.dataset().parquet().columns().get(0).size());
        assertEquals(Compression.NONE, w.dataset().compression());
    }

    @Test
    void llamaCheckpointSections() {
        Workload w = WorkloadLoader.load(TestWorkloads.fixture("llama_70b.yaml"), List.of());
        assertTrue(w.model().isTransformer());
        assertEquals(new ModelConfig.Parallelism(8, 4, -1, 1), w.model().parallelism());
        assertEquals(new ModelConfig.Transformer(128256, 8192, 28672, 128, 8), w.model().transformer());
        assertTrue(w.workflow().checkpointOnly());
        assertTrue(w.checkpoint().fsync());
        assertEquals(10, w.checkpoint().numCheckpointsWrite());
        assertEquals(5.0, w.checkpoint().timeBetweenCheckpoints());
        Workload m = WorkloadLoader.load(TestWorkloads.shipped("llama3_8b.yaml"), List.of());
        assertEquals(1, m.model().parallelism().data());
        assertTrue(m.notices().notes().stream().anyMatch(n -> n.contains("parallelism.data")),
                "data: 1 accepted with a notice (docs/differences.md, \"parallelism.data\")");
    }

    @Test
    void defaultWorkloadEvaluationAndSubfolders() {
        Workload w = WorkloadLoader.load(TestWorkloads.fixture("default.yaml"), List.of());
        assertTrue(w.workflow().evaluation());
        assertEquals(TimeSpec.constant(0.5), w.evaluation().evalTime());
        assertEquals(2, w.dataset().numSubfoldersTrain());
        assertEquals(ProfilerKind.IOSTAT, w.profiling().profiler());
    }

    @Test
    void s3ConfigKeepsOptionsAsStrings() {
        Workload w = WorkloadLoader.load(TestWorkloads.fixture("unet3d_a100_s3.yaml"), List.of());
        assertEquals(StorageType.S3, w.storage().storageType());
        assertEquals("false", w.storage().options().get("s3_force_path_style").toLowerCase());
        assertEquals("http://localhost:9020", w.storage().options().get("endpoint_url"));
    }
}
