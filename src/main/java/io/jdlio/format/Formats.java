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

    /** The format as a dataset configures it: NPZ with {@code compression: zip} deflates, as savez_compressed. */
    public static Optional<FileFormat> of(DataFormat format, io.jdlio.config.Compression compression) {
        if (format == DataFormat.NPZ && compression == io.jdlio.config.Compression.ZIP) {
            return Optional.of(new NpzFormat(true));
        }
        return of(format);
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
            default: return Optional.empty();
        }
    }
}
