package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.config.ConfigException;
import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import io.jdlio.config.DatasetRules;
import io.jdlio.config.WorkloadLoader;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Each format's descriptor is what the rest of jdlio asks about it: registry, checks, gaps, sample text. */
class FormatDescriptorTest {
    private static DatasetConfig dataset(String yaml) {
        return WorkloadLoader.parse("f.yaml", "framework: pytorch\ndataset:\n" + yaml, List.of()).dataset();
    }

    @Test
    void everyFormatButHdf5OptIsRegisteredAndBuildsItself() {
        for (DataFormat f : DataFormat.values()) {
            if (f == DataFormat.HDF5_OPT) {
                assertTrue(Formats.descriptor(f).isEmpty(), "DLIO cannot generate or read hdf5_opt");
                continue;
            }
            FormatDescriptor d = Formats.descriptor(f).orElseThrow();
            assertEquals(f, d.format());
            assertEquals(f, d.create(dataset("  format: " + f.yamlName() + "\n")).kind());
        }
        assertEquals(DataFormat.values().length - 1, Formats.all().size());
    }

    @Test
    void configRunsTheFormatsChecksOnEveryLoad() {
        assertTrue(ServiceLoader.load(DatasetRules.class).stream().anyMatch(p -> p.type() == FormatRules.class),
                "the service file names the formats' checks");
        ConfigException e = assertThrows(ConfigException.class, () -> dataset("  format: hdf5\n  compression: xz\n"));
        assertEquals("f.yaml: dataset.compression = \"xz\": expected none, gzip or lzf for hdf5 (bz2, zip and xz "
                + "are not HDF5 filters)", e.getMessage());
    }

    @Test
    void aFormatNamesItsOwnGapsAndSamples() {
        DatasetConfig h = dataset("  format: hdf5\n  hdf5:\n    max_shape: [64, 64]\n");
        assertTrue(Hdf5Format.DESCRIPTOR.gaps(h).get(0).startsWith("dataset.hdf5.max_shape"));
        assertEquals(List.of(), Hdf5Format.DESCRIPTOR.gaps(dataset("  format: hdf5\n")));
        DatasetConfig p = dataset("  format: parquet\n  parquet:\n    columns: [{name: a, size: 4}, "
                + "{name: b, dtype: int64, read: false}]\n");
        assertEquals("row of a float32x4, b int64x1 (not read)", ParquetFormat.DESCRIPTOR.describeSample(p,
                new long[] {16}));
        assertEquals("[4, 4]", Formats.descriptor(DataFormat.NPY).orElseThrow().describeSample(p, new long[] {4, 4}));
    }
}
