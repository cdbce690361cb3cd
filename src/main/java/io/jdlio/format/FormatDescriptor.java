package io.jdlio.format;

import io.jdlio.config.Compression;
import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * What jdlio knows of one format besides its bytes: its DLIO name, how the dataset section (its options
 * record included) builds it, its part of the dataset fingerprint, its checks of the section, and what of it
 * jdlio does not do yet. Each format class declares its descriptor; {@link Formats} lists them.
 */
public interface FormatDescriptor {
    /** The DLIO name, {@code dataset.format}. */
    DataFormat format();

    /** The format as the dataset section configures it. */
    FileFormat create(DatasetConfig d);

    /**
     * The format's own keys that change file bytes, appended to the dataset fingerprint ("" when none). What an
     * existing format returns must not change: every user's dataset of that format would be regenerated.
     */
    default String fingerprint(DatasetConfig d) {
        return "";
    }

    /** Fails with a ConfigException naming the key when the section asks what the format cannot hold. */
    default void validate(String source, DatasetConfig d) {
    }

    /** What the format does not do yet for this dataset; the run goes on without it. */
    default List<String> gaps(DatasetConfig d) {
        return List.of();
    }

    /** Whether the format memory-maps its files, and so needs a backend whose objects are local files. */
    default boolean mapsFiles() {
        return false;
    }

    /** A sample as validate prints it, from the first sample's shape. */
    default String describeSample(DatasetConfig d, long[] shape) {
        return Arrays.toString(shape);
    }

    /** A format without options: only its name and its class. */
    static FormatDescriptor plain(DataFormat format, Function<DatasetConfig, FileFormat> create) {
        return new FormatDescriptor() {
            @Override
            public DataFormat format() {
                return format;
            }

            @Override
            public FileFormat create(DatasetConfig d) {
                return create.apply(d);
            }
        };
    }

    /** The compression level as HDF5's and Parquet's fingerprints have always named it: gzip's, and no other. */
    static String gzipLevel(DatasetConfig d) {
        return d.compression() == Compression.GZIP ? " level=" + d.compressionLevel() : "";
    }
}
