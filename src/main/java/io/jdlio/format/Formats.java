package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The formats jdlio can write and read, each built from the dataset section that configures it. */
public final class Formats {
    /** DLIO lists hdf5_opt but has no generator or reader for it. */
    private static final Set<DataFormat> UNSUPPORTED = EnumSet.of(DataFormat.HDF5_OPT);

    private Formats() {
    }

    /** The formats that can run, for messages. */
    public static String supported() {
        return Arrays.stream(DataFormat.values()).filter(f -> !UNSUPPORTED.contains(f))
                .map(DataFormat::yamlName).collect(Collectors.joining(", "));
    }

    /**
     * The format as a dataset configures it: NPZ with {@code compression: zip} deflates as savez_compressed,
     * HDF5 takes its datasets per record, chunks, max shape and compression, Parquet its columns and codec.
     */
    public static Optional<FileFormat> of(DatasetConfig d) {
        if (UNSUPPORTED.contains(d.format())) {
            return Optional.empty();
        }
        switch (d.format()) {
            case NPZ: return Optional.of(new NpzFormat(d.compression() == io.jdlio.config.Compression.ZIP));
            case NPY: return Optional.of(new NpyFormat());
            case INDEXED_BINARY: return Optional.of(new IndexedBinaryFormat());
            case MMAP_INDEXED_BINARY: return Optional.of(new MmapIndexedBinaryFormat());
            case SYNTHETIC: return Optional.of(new SyntheticFormat());
            case TFRECORD: return Optional.of(new TfRecordFormat());
            case CSV: return Optional.of(new CsvFormat());
            case JPEG: return Optional.of(new ImageFormat(DataFormat.JPEG));
            case PNG: return Optional.of(new ImageFormat(DataFormat.PNG));
            case HDF5: return Optional.of(new Hdf5Format(d.hdf5().numDsetPerRecord(), !d.recordDims().isEmpty(),
                    d.hdf5().chunkDims(), d.hdf5().maxShape(), d.compression(), d.compressionLevel()));
            case PARQUET: return Optional.of(new ParquetFormat(d.parquet(), d.compression(), d.compressionLevel()));
            default: throw new IllegalStateException("no format class for " + d.format().yamlName());
        }
    }
}
