package io.jdlio.config;

import java.util.List;

/** DLIO's {@code reader} section (docs/config-keys.md, "reader"). */
public record ReaderConfig(DataLoaderKind dataLoader, SamplerKind sampler, int batchSize, int batchSizeEval,
                           int readThreads, int computationThreads, int prefetchSize, Shuffle fileShuffle,
                           Shuffle sampleShuffle, int shuffleSize, ReadType readType, long transferSize,
                           TimeSpec preprocessTime, boolean odirect, List<Integer> transformedRecordDims,
                           ElementType transformedRecordElementType) {
}
