package io.jdlio.config;

import java.util.List;

/** DLIO's {@code model} section: what sizes the checkpoints. */
public record ModelConfig(String name, String type, long modelSizeBytes, ElementType modelDatatype,
                          ElementType optimizerDatatype, List<Long> optimizationGroups, int numLayers,
                          List<Long> layerParameters, Parallelism parallelism, Transformer transformer) {

    public record Parallelism(int tensor, int pipeline, int data, int zeroStage) {
    }

    public record Transformer(long vocabSize, long hiddenSize, long ffnHiddenSize, long numAttentionHeads,
                              long numKvHeads) {
    }

    public boolean isTransformer() {
        return "transformer".equals(type);
    }
}
