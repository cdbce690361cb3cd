package io.jdlio.plan;

import io.jdlio.config.CheckpointMode;
import io.jdlio.config.ConfigException;
import io.jdlio.config.ElementType;
import io.jdlio.config.Framework;
import io.jdlio.config.ModelConfig;
import io.jdlio.config.StorageType;
import io.jdlio.config.Workload;
import java.util.ArrayList;
import java.util.List;

/**
 * What one checkpoint is (docs/checkpoints.md): which accelerators write, the files each writes (DLIO's
 * names) and their sizes, and the size DLIO reports. Tensor sizes follow DLIO's integer arithmetic exactly, so
 * llama_70b on 32 accelerators is 696 files and 911.1975 GiB as in DLIO.
 */
public final class CheckpointPlan {
    /** One file of one rank: its name inside the checkpoint folder, bytes, and element type. */
    public record File(String name, long bytes, ElementType type) {
    }

    /** One rank's share: the files it writes and what it counts toward the reported size. */
    public record Rank(int rank, List<File> files, long reportedModelBytes, long reportedOptimizerBytes) {
        public long bytes() {
            return files.stream().mapToLong(File::bytes).sum();
        }
    }

    private final ModelConfig model;
    private final int accelerators;
    private final int tp;
    private final int pp;
    private final int mp;
    private final int dp;
    private final int zero;
    private final boolean subset;
    private final String extension;
    private final List<Rank> ranks = new ArrayList<>();

    public CheckpointPlan(Workload w, int accelerators) {
        this.model = w.model();
        this.accelerators = accelerators;
        ModelConfig.Parallelism p = model.parallelism();
        this.tp = p.tensor();
        this.pp = p.pipeline();
        this.mp = tp * pp;
        this.zero = p.zeroStage();
        this.subset = w.checkpoint().mode() == CheckpointMode.SUBSET;
        if (subset) {
            if ((long) p.data() * mp < accelerators) {
                throw new ConfigException(w.source() + ": checkpoint.mode subset emulates " + accelerators
                        + " of a job of data x tensor x pipeline = " + (long) p.data() * mp
                        + " accelerators; use at most that many");
            }
            this.dp = p.data();
        } else {
            if (accelerators % mp != 0) {
                throw new ConfigException(w.source() + ": " + accelerators + " accelerators cannot hold tensor x "
                        + "pipeline parallelism " + tp + " x " + pp + "; use a multiple of " + mp);
            }
            this.dp = accelerators / mp;
        }
        this.extension = w.framework() == Framework.TENSORFLOW ? "pb"
                : w.storage().storageType() == StorageType.S3 ? "pts3" : "pt";
        for (int r = 0; r < accelerators; r++) {
            ranks.add(rank(r));
        }
    }

    /** The fewest accelerators the config allows: one data-parallel replica of TP x PP (any count in subset mode). */
    public static int smallestAccelerators(Workload w) {
        ModelConfig.Parallelism p = w.model().parallelism();
        return w.checkpoint().mode() == CheckpointMode.SUBSET ? 1 : p.tensor() * p.pipeline();
    }

    /** DLIO's folder for a checkpoint, e.g. {@code global_epoch1_step5}. */
    public static String folder(int epoch, long step) {
        return "global_epoch" + epoch + "_step" + step;
    }

    public List<Rank> ranks() {
        return List.copyOf(ranks);
    }

    public int accelerators() {
        return accelerators;
    }

    public boolean subset() {
        return subset;
    }

    public int dataParallel() {
        return dp;
    }

    public long files() {
        return ranks.stream().mapToLong(r -> r.files().size()).sum();
    }

    public long bytes() {
        return ranks.stream().mapToLong(Rank::bytes).sum();
    }

    /** DLIO's checkpoint_size in GiB, the figure its GB/s divides by (docs/checkpoints.md, "The reported size"). */
    public double reportedGiB() {
        long optimizer = ranks.stream().mapToLong(Rank::reportedOptimizerBytes).sum();
        long modelBytes = nonTransformerState() ? model.modelSizeBytes()
                : ranks.stream().mapToLong(Rank::reportedModelBytes).sum();
        return (modelBytes + optimizer) / (double) (1L << 30);
    }

    private boolean nonTransformerState() {
        return model.modelSizeBytes() > 0 && !model.isTransformer();
    }

    /** The transformer's parameter count P (docs/checkpoints.md, "Sizes"). */
    public long parameters() {
        ModelConfig.Transformer t = model.transformer();
        long h = t.hiddenSize();
        long f = t.ffnHiddenSize();
        long v = t.vocabSize();
        long kv = h / t.numAttentionHeads() * t.numKvHeads();
        long perLayer = h + h * (h + 2 * kv) + h * h + h + 2 * f * h + f * h;
        return v * h + model.numLayers() * perLayer + h + v * h;
    }

    /**
     * Elements of layer {@code index} held by one rank, with sharding factor {@code shard} (docs/checkpoints.md,
     * "Sizes").
     */
    long layerElements(int index, long shard) {
        ModelConfig.Transformer t = model.transformer();
        long h = t.hiddenSize();
        long f = t.ffnHiddenSize();
        long v = t.vocabSize();
        long kv = h / t.numAttentionHeads() * t.numKvHeads();
        int l = model.numLayers();
        if (index == 0 || index == l + 1) {
            return h * v / tp / shard;
        }
        if (index == l + 2) {
            return h / shard;
        }
        return h / shard + h * (h + 2 * kv) / tp / shard + h * h / tp / shard + h / shard
                + 2 * h * f / tp / shard + h * f / tp / shard;
    }

    /** The pipeline stage's layer range {first, last}; extended to 0 and L + 2 at the ends when asked. */
    int[] stageLayers(int stage, int layers, boolean extend) {
        int q = layers / pp;
        int rem = layers % pp;
        int start;
        int end;
        if (stage < rem) {
            start = stage * (q + 1) + 1;
            end = start + q;
        } else {
            start = rem * (q + 1) + (stage - rem) * q + 1;
            end = start + q - 1;
        }
        if (extend) {
            if (stage == 0) {
                start = 0;
            }
            if (stage == pp - 1) {
                end = layers + 2;
            }
        }
        return new int[] {start, end};
    }

    private Rank rank(int r) {
        int tpRank = r % tp;
        int ppRank = (r / tp) % pp;
        int dpRank = r / mp;
        int mpRank = r % mp;
        boolean active = zero == 0 ? r < mp : true;
        List<File> files = new ArrayList<>();
        if (!active) {
            return new Rank(r, files, 0, 0);
        }
        ElementType modelType = model.modelDatatype();
        if (nonTransformerState()) {
            files.add(new File("model_states-" + r + "." + extension, model.modelSizeBytes(), ElementType.INT8));
        }
        String zeroName = "zero_pp_rank_" + dpRank + "_mp_rank_" + mpRank;
        boolean writesLayers = zero == 0 || zero == 3 || dpRank == 0;
        long reportedModel = 0;
        // layers: transformer-derived, or the legacy explicit layer_parameters (int8, not reported)
        List<long[]> layers = new ArrayList<>();       // {layer index, bytes}
        ElementType layerType = modelType;
        if (model.numLayers() > 0 && model.layerParameters().isEmpty()) {
            long shard = zero == 3 ? dp : 1;
            int[] range = stageLayers(ppRank, model.numLayers(), true);
            for (int i = range[0]; i <= range[1]; i++) {
                layers.add(new long[] {i, layerElements(i, shard) * modelType.bytes()});
            }
            // ZeRO-1 allocates layers on dp_rank 0 only; ZeRO-2 on every rank though only dp_rank 0 writes, as DLIO
            // counts them
            if (!(zero == 1 && dpRank != 0)) {
                reportedModel = layers.stream().mapToLong(x -> x[1]).sum();
            }
        } else if (!model.layerParameters().isEmpty()) {
            layerType = ElementType.INT8;
            long perLayer = model.layerParameters().stream().mapToLong(p -> p / tp).sum();
            int[] range = model.numLayers() > 0 ? stageLayers(ppRank, model.numLayers(), false) : new int[] {0, 0};
            for (int i = range[0]; i <= range[1]; i++) {
                layers.add(new long[] {i, perLayer});
            }
        }
        if (!layers.isEmpty() && writesLayers) {
            if (zero == 0 || zero == 3) {
                files.add(new File(zeroName + "_model_states." + extension,
                        layers.stream().mapToLong(x -> x[1]).sum(), layerType));
            } else if (pp > 1) {
                for (long[] layer : layers) {
                    files.add(new File("layer_" + layer[0] + "-model_" + mpRank + "_model_states." + extension,
                            layer[1], layerType));
                }
            } else {
                files.add(new File("model_" + mpRank + "_model_states." + extension,
                        layers.stream().mapToLong(x -> x[1]).sum(), layerType));
            }
        }
        long reportedOptimizer = 0;
        if (!model.optimizationGroups().isEmpty()) {
            long sum = model.optimizationGroups().stream().mapToLong(Long::longValue).sum();
            files.add(new File(zeroName + "_optim_states." + extension, 3 * sum, ElementType.INT8));
        } else if (model.numLayers() > 0) {
            long n = zero > 0 ? parameters() / ((long) dp * mp) : parameters() / mp;
            long bytes = (3 * n + 15 * model.transformer().hiddenSize()) * model.optimizerDatatype().bytes();
            files.add(new File(zeroName + "_optim_states." + extension, bytes, model.optimizerDatatype()));
            reportedOptimizer = bytes;
        }
        return new Rank(r, List.copyOf(files), reportedModel, reportedOptimizer);
    }
}
