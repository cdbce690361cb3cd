package io.jdlio.metrics;

/** The workload facts DLIO's reports repeat, handed over so this package needs no config. */
public record RunFacts(String modelName, int accelerators, int numFilesTrain, int numFilesEval,
                       int samplesPerFile, double recordLengthBytes, double auTarget, int batch, int batchEval,
                       int excludeStart, int excludeEnd, boolean evaluation, double dataSetGiB,
                       boolean training, double checkpointGiB) {
}
