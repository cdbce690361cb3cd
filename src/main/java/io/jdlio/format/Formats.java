package io.jdlio.format;

import io.jdlio.config.DataFormat;
import java.util.Optional;

/** The formats jdlio can write and read so far. */
public final class Formats {
    private Formats() {
    }

    /** The formats that can run, for messages. */
    public static String supported() {
        return java.util.Arrays.stream(DataFormat.values()).filter(f -> of(f).isPresent())
                .map(DataFormat::yamlName).collect(java.util.stream.Collectors.joining(", "));
    }

    /**
     * The format as a dataset configures it: NPZ with {@code compression: zip} deflates as savez_compressed,
     * HDF5 takes its datasets per record, chunks and gzip level.
     */
    public static Optional<FileFormat> of(io.jdlio.config.DatasetConfig d) {
        if (d.format() == DataFormat.NPZ && d.compression() == io.jdlio.config.Compression.ZIP) {
            return Optional.of(new NpzFormat(true));
        }
        if (d.format() == DataFormat.HDF5) {
            return Optional.of(new Hdf5Format(d.hdf5().numDsetPerRecord(), !d.recordDims().isEmpty(),
                    d.hdf5().chunkDims(), d.hdf5().maxShape(), d.compression(), d.compressionLevel()));
        }
        if (d.format() == DataFormat.PARQUET) {
            return Optional.of(new ParquetFormat(d.parquet(), d.compression(), d.compressionLevel()));
        }
        return of(d.format());
    }

    public static Optional<FileFormat> of(DataFormat format) {
        switch (format) {
            case NPZ: return Optional.of(new NpzFormat());
            case NPY: return Optional.of(new NpyFormat());
            case INDEXED_BINARY: return Optional.of(new IndexedBinaryFormat());
            case MMAP_INDEXED_BINARY: return Optional.of(new MmapIndexedBinaryFormat());
            case SYNTHETIC: return Optional.of(new SyntheticFormat());
            case TFRECORD: return Optional.of(new TfRecordFormat());
            case CSV: return Optional.of(new CsvFormat());
            case JPEG: return Optional.of(new ImageFormat(DataFormat.JPEG));
            case PNG: return Optional.of(new ImageFormat(DataFormat.PNG));
            case HDF5: return Optional.of(new Hdf5Format(1, false, java.util.List.of(), java.util.List.of(),
                    io.jdlio.config.Compression.NONE, 4));
            case PARQUET: return Optional.of(new ParquetFormat(new io.jdlio.config.DatasetConfig.Parquet(
                    java.util.List.of(), 1024, io.jdlio.config.ParquetReadMode.DEFAULT),
                    io.jdlio.config.Compression.NONE, 4));
            default: return Optional.empty();
        }
    }
}
