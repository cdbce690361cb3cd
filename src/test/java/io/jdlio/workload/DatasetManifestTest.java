package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jdlio.config.DatasetConfig;
import io.jdlio.config.WorkloadLoader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A key that changes the bytes of a file changes the fingerprint, so a stale dataset is regenerated. */
class DatasetManifestTest {
    private static DatasetConfig dataset(String format, String extra) {
        return WorkloadLoader.parse("m.yaml", "framework: pytorch\ndataset:\n  format: " + format
                + "\n  compression: gzip\n" + extra, List.of()).dataset();
    }

    @ParameterizedTest(name = "{0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "hdf5 | '' | '  compression_level: 7\n'",
        "hdf5 | '' | '  hdf5:\n    chunk_dims: [1, 8, 8]\n'",
        "hdf5 | '' | '  hdf5:\n    num_dset_per_record: 2\n'",
        "hdf5 | '' | '  hdf5:\n    max_shape: [64, 64]\n'",
        "parquet | '' | '  parquet:\n    row_group_size: 8\n'",
        "parquet | '  parquet:\n    columns: [{name: a, size: 4}]\n' | '  parquet:\n    columns: [{name: a, size: 5}]\n'",
        "parquet | '  parquet:\n    columns: [{name: a}]\n' | '  parquet:\n    columns: [{name: a, dtype: int64}]\n'"})
    void layoutKeysChangeTheFingerprint(String format, String base, String changed) {
        assertNotEquals(DatasetManifest.fingerprint(dataset(format, base.replace("\\n", "\n"))),
                DatasetManifest.fingerprint(dataset(format, changed.replace("\\n", "\n"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"parquet | '  parquet:\n    columns: [{name: a, read: false}]\n'"})
    void readerOnlyKeysDoNot(String format, String readerOnly) {
        assertEquals(DatasetManifest.fingerprint(dataset(format, "  parquet:\n    columns: [{name: a}]\n")),
                DatasetManifest.fingerprint(dataset(format, readerOnly.replace("\\n", "\n"))));
    }

    /**
     * The fingerprints of existing datasets, written out: a change here makes every user's dataset of that format
     * regenerate, so it must be deliberate (and bump CONTENT_VERSION), never a side effect of moving code.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "npz | '' | ''",
        "hdf5 | '  compression_level: 7\n  hdf5:\n    num_dset_per_record: 2\n    chunk_dims: [1, 8]\n' "
                + "| ' level=7 dsets=2 chunks=[1, 8] max=[]'",
        "parquet | '  parquet:\n    row_group_size: 8\n    columns: [{name: a, size: 4}, {name: b, dtype: int64}]\n' "
                + "| ' level=4 row_group=8 a:float32x4 b:int64x1'"})
    void fingerprintsOfExistingDatasetsStayByteForByte(String format, String extra, String layout) {
        assertEquals("v2 seed=10 format=" + format + " files=8+0 nspf=1 length=65536.0 stdev=0.0 dims=[] type=uint8 "
                + "prefix=img subfolders=0+0 compression=gzip" + layout,
                DatasetManifest.fingerprint(dataset(format, extra.replace("\\n", "\n"))));
    }
}
