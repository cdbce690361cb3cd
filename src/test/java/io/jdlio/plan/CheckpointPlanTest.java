package io.jdlio.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestWorkloads;
import io.jdlio.TestYaml;
import io.jdlio.config.ConfigException;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** DLIO's checkpoint sizes and names (docs/checkpoints.md), reproduced exactly. */
class CheckpointPlanTest {

    /** DLIO's config of that name, from the repository's own copies of its values. */
    private static java.nio.file.Path config(String dlioName) {
        return switch (dlioName) {
            case "dlio_unet3d_h100.yaml" -> TestWorkloads.shipped("unet3d.yaml");
            case "mlps_llama3_8b.yaml" -> TestWorkloads.shipped("llama3_8b.yaml");
            default -> TestWorkloads.fixture(dlioName.replaceFirst("^dlio_", ""));
        };
    }

    private static CheckpointPlan plan(String shared, int accelerators, String... overrides) {
        Workload w = WorkloadLoader.load(config(shared), List.of(overrides));
        return new CheckpointPlan(w, accelerators);
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    @Test
    void llama70bOn32And64() {
        CheckpointPlan p32 = plan("dlio_llama_70b.yaml", 32);
        assertEquals(69_882_617_856L, p32.parameters());
        assertEquals(696, p32.files());
        assertEquals(911.1975, round4(p32.reportedGiB()));
        assertEquals(105_922_560L, p32.layerElements(1, 1));
        assertEquals(131_334_144L, p32.layerElements(0, 1));
        assertEquals(8192L, p32.layerElements(82, 1));
        assertEquals(List.of(0, 20), List.of(p32.stageLayers(0, 80, true)[0], p32.stageLayers(0, 80, true)[1]));
        assertEquals(List.of(61, 82), List.of(p32.stageLayers(3, 80, true)[0], p32.stageLayers(3, 80, true)[1]));
        CheckpointPlan.Rank r0 = p32.ranks().get(0);
        assertEquals(21 + 1, r0.files().size(), "21 layer files and an optimizer file");
        assertEquals("layer_0-model_0_model_states.pt", r0.files().get(0).name());
        assertEquals(262_668_288L, r0.files().get(0).bytes());
        assertEquals("zero_pp_rank_0_mp_rank_0_optim_states.pt", r0.files().get(21).name());
        assertEquals(26_206_473_216L, r0.files().get(21).bytes());
        assertEquals(139_783_700_480L, p32.ranks().stream().mapToLong(CheckpointPlan.Rank::reportedModelBytes).sum());

        CheckpointPlan p64 = plan("dlio_llama_70b.yaml", 64);
        assertEquals(728, p64.files());
        assertEquals(911.2121, round4(p64.reportedGiB()));
        assertEquals(13_103_482_368L, p64.ranks().get(40).files().get(0).bytes(), "dp_rank 1 writes only its optimizer");
        assertEquals(1, p64.ranks().get(40).files().size());
        assertEquals("zero_pp_rank_1_mp_rank_8_optim_states.pt", p64.ranks().get(40).files().get(0).name());
    }

    @Test
    void llama8bZero3On8And1() {
        CheckpointPlan p = plan("dlio_llama_8b_zero3.yaml", 8);
        assertEquals(8_030_261_248L, p.parameters());
        assertEquals(16, p.files());
        assertEquals(104.7045, round4(p.reportedGiB()));
        CheckpointPlan.Rank r3 = p.ranks().get(3);
        assertEquals("zero_pp_rank_3_mp_rank_0_model_states.pt", r3.files().get(0).name());
        assertEquals(2_007_565_312L, r3.files().get(0).bytes());
        assertEquals("zero_pp_rank_3_mp_rank_0_optim_states.pt", r3.files().get(1).name());
        assertEquals(12_045_637_632L, r3.files().get(1).bytes());
        CheckpointPlan one = plan("dlio_llama_8b_zero3.yaml", 1);
        assertEquals(16_060_522_496L, one.ranks().get(0).files().get(0).bytes());
        assertEquals(96_363_380_736L, one.ranks().get(0).files().get(1).bytes());
        assertEquals(104.7029, round4(one.reportedGiB()));
    }

    @Test
    void llama8bSubsetAsInDliosCi() {
        CheckpointPlan p = plan("dlio_llama_8b_zero3.yaml", 2, "model.parallelism.data=1024", "checkpoint.mode=subset");
        assertTrue(p.subset());
        assertEquals(15_684_104L, p.ranks().get(1).files().get(0).bytes());
        assertEquals(94_350_384L, p.ranks().get(1).files().get(1).bytes());
        assertEquals(0.2050, round4(p.reportedGiB()));
    }

    @Test
    void mlperfLlama3On8() {
        CheckpointPlan p = plan("mlps_llama3_8b.yaml", 8);
        assertEquals(16, p.files());
        assertEquals(104.7045, round4(p.reportedGiB()), "parallelism.data: 1 is derived from 8 accelerators instead");
    }

    @Test
    void zero2WritesLayersOnDpRankZeroButReportsThemEverywhere() {
        CheckpointPlan p = plan("dlio_llama_8b_zero3.yaml", 4, "model.parallelism.zero_stage=2");
        Set<String> names = p.ranks().stream().flatMap(r -> r.files().stream()).map(CheckpointPlan.File::name)
                .collect(Collectors.toSet());
        assertTrue(names.contains("model_0_model_states.pt"), names::toString);
        assertEquals(5, p.files(), "one model file (dp_rank 0, PP 1) and four optimizer files");
        long modelFile = p.ranks().get(0).files().get(0).bytes();
        assertEquals(16_060_522_496L, modelFile);
        long optimizer = p.ranks().get(0).files().get(1).bytes();
        assertEquals((4 * modelFile + 4 * optimizer) / (double) (1L << 30), p.reportedGiB(), 1e-9,
                "the layers count once per data-parallel rank (docs/checkpoints.md)");
    }

    @Test
    void pipelineParallelLayerFilesPerStage() {
        CheckpointPlan p = plan("dlio_llama_8b_zero3.yaml", 4, "model.parallelism.zero_stage=1",
                "model.parallelism.pipeline=4");
        // 32 layers over 4 stages: 0..8, 9..16, 17..24, 25..34
        assertEquals(List.of("layer_0-model_0_model_states.pt", "layer_8-model_0_model_states.pt"),
                List.of(p.ranks().get(0).files().get(0).name(), p.ranks().get(0).files().get(8).name()));
        assertEquals(11, p.ranks().get(3).files().size(), "layers 25..34 and the optimizer");
        assertEquals("layer_25-model_3_model_states.pt", p.ranks().get(3).files().get(0).name());
        assertEquals("layer_34-model_3_model_states.pt", p.ranks().get(3).files().get(9).name());
        assertEquals(35 + 4, p.files());
        assertThrows(ConfigException.class, () -> plan("dlio_llama_8b_zero3.yaml", 6, "model.parallelism.zero_stage=1",
                "model.parallelism.pipeline=4"));
        assertEquals(4, CheckpointPlan.smallestAccelerators(WorkloadLoader.load(
                config("dlio_llama_8b_zero3.yaml"), List.of("model.parallelism.zero_stage=1",
                        "model.parallelism.pipeline=4"))));
    }

    @Test
    void unet3dLegacyModelSizeIsOneFileOnRankZero() {
        CheckpointPlan p = plan("dlio_unet3d_h100.yaml", 4);
        assertEquals(1, p.files());
        assertEquals(new CheckpointPlan.File("model_states-0.pt", 499_153_191L, io.jdlio.config.ElementType.INT8),
                p.ranks().get(0).files().get(0));
        assertEquals(499_153_191L / (double) (1L << 30), p.reportedGiB(), 1e-12);
        assertEquals("global_epoch5_step25", CheckpointPlan.folder(5, 25));
    }

    @Test
    void legacyGroupsAndLayerParametersGiveThreeFilesPerRank() {
        // DLIO's test_checkpoint_epoch: tensor parallel = N, default model size, optimizer groups, layer params
        Workload w = TestYaml.workload()
                .set("framework", "pytorch")
                .set("workflow.train", false)
                .set("workflow.checkpoint", true)
                .set("model.optimization_groups", List.of(1000, 2000))
                .set("model.layer_parameters", List.of(4000, 800))
                .set("model.parallelism.tensor", 4)
                .parse("t.yaml");
        CheckpointPlan p = new CheckpointPlan(w, 4);
        assertEquals(12, p.files());
        CheckpointPlan.Rank r2 = p.ranks().get(2);
        assertEquals(List.of("model_states-2.pt", "zero_pp_rank_0_mp_rank_2_model_states.pt",
                "zero_pp_rank_0_mp_rank_2_optim_states.pt"),
                r2.files().stream().map(CheckpointPlan.File::name).toList());
        assertEquals(10240, r2.files().get(0).bytes());
        assertEquals(1000 + 200, r2.files().get(1).bytes());
        assertEquals(9000, r2.files().get(2).bytes());
        assertEquals(10240 / (double) (1L << 30), p.reportedGiB(), 1e-12, "legacy tensors are not reported");
    }
}
