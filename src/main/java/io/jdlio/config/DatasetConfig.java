package io.jdlio.config;

import java.util.List;

/** DLIO's {@code dataset} section (§2.4), with MLPerf Storage's {@code parquet} block. */
public record DatasetConfig(String dataFolder, DataFormat format, int numFilesTrain, int numFilesEval,
                            int numSamplesPerFile, double recordLengthBytes, double recordLengthBytesStdev,
                            double recordLengthBytesResize, int numSubfoldersTrain, int numSubfoldersEval,
                            String filePrefix, Compression compression, int compressionLevel,
                            boolean keepFiles, long generationBufferSize, List<Integer> recordDims,
                            ElementType recordElementType, Hdf5 hdf5, Parquet parquet) {

    public record Hdf5(int numDsetPerRecord, List<Integer> chunkDims, List<Integer> maxShape) {
    }

    public record Parquet(List<Column> columns, long rowGroupSize, String readMode) {
    }

    public record Column(String name, String dtype, long size, boolean read) {
    }
}
