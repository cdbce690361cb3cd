package io.jdlio.config;

import java.util.List;

/**
 * DLIO's {@code dataset} section (docs/config-keys.md, "dataset"), with MLPerf Storage's {@code parquet} block and
 * jdlio's content keys {@code dedupe_percentage} and {@code buffer_compress_percentage} (fio's, 0 by default).
 */
public record DatasetConfig(String dataFolder, DataFormat format, int numFilesTrain, int numFilesEval,
                            int numSamplesPerFile, double recordLengthBytes, double recordLengthBytesStdev,
                            double recordLengthBytesResize, int numSubfoldersTrain, int numSubfoldersEval,
                            String filePrefix, Compression compression, int compressionLevel,
                            boolean keepFiles, long generationBufferSize, List<Integer> recordDims,
                            ElementType recordElementType, Hdf5 hdf5, Parquet parquet,
                            int dedupePercentage, int bufferCompressPercentage) {

    /** The same dataset in another folder. */
    public DatasetConfig withDataFolder(String folder) {
        return new DatasetConfig(folder, format, numFilesTrain, numFilesEval, numSamplesPerFile, recordLengthBytes,
                recordLengthBytesStdev, recordLengthBytesResize, numSubfoldersTrain, numSubfoldersEval, filePrefix,
                compression, compressionLevel, keepFiles, generationBufferSize, recordDims, recordElementType, hdf5,
                parquet, dedupePercentage, bufferCompressPercentage);
    }

    public record Hdf5(int numDsetPerRecord, List<Integer> chunkDims, List<Integer> maxShape) {
    }

    /** MLPerf Storage's {@code dataset.parquet}; no columns means one binary column of the record length. */
    public record Parquet(List<Column> columns, long rowGroupSize, ParquetReadMode readMode) {
    }

    /** One declared column: {@code size} elements of {@code dtype} per row; {@code read: false} is never read. */
    public record Column(String name, ParquetDtype dtype, long size, boolean read) {
    }
}
