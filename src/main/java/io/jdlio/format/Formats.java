package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The formats jdlio can write and read: one descriptor each, registered here by one line. */
public final class Formats {
    private static final Map<DataFormat, FormatDescriptor> DESCRIPTORS = register(
            NpzFormat.DESCRIPTOR,
            FormatDescriptor.plain(DataFormat.NPY, d -> new NpyFormat()),
            FormatDescriptor.plain(DataFormat.INDEXED_BINARY, d -> new IndexedBinaryFormat()),
            MmapIndexedBinaryFormat.DESCRIPTOR,
            FormatDescriptor.plain(DataFormat.SYNTHETIC, d -> new SyntheticFormat()),
            FormatDescriptor.plain(DataFormat.TFRECORD, d -> new TfRecordFormat()),
            FormatDescriptor.plain(DataFormat.CSV, d -> new CsvFormat()),
            ImageFormat.JPEG_DESCRIPTOR,
            ImageFormat.PNG_DESCRIPTOR,
            Hdf5Format.DESCRIPTOR,
            ParquetFormat.DESCRIPTOR);
    // DLIO lists hdf5_opt but has no generator or reader for it, so it has no descriptor

    private Formats() {
    }

    private static Map<DataFormat, FormatDescriptor> register(FormatDescriptor... descriptors) {
        Map<DataFormat, FormatDescriptor> m = new EnumMap<>(DataFormat.class);
        for (FormatDescriptor d : descriptors) {
            if (m.put(d.format(), d) != null) {
                throw new IllegalStateException("two descriptors for " + d.format().yamlName());
            }
        }
        return m;
    }

    /** The formats that can run, in DLIO's order; tests that cover every format take them from here. */
    public static List<DataFormat> all() {
        return List.copyOf(DESCRIPTORS.keySet());
    }

    /** The formats that can run, for messages, in DLIO's order. */
    public static String supported() {
        return DESCRIPTORS.keySet().stream().map(DataFormat::yamlName).collect(Collectors.joining(", "));
    }

    /** The descriptor of a format jdlio runs; empty for one it does not. */
    public static Optional<FormatDescriptor> descriptor(DataFormat format) {
        return Optional.ofNullable(DESCRIPTORS.get(format));
    }

    /** The format as a dataset configures it; empty when jdlio does not run it. */
    public static Optional<FileFormat> of(DatasetConfig d) {
        return descriptor(d.format()).map(f -> f.create(d));
    }
}
