package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import io.jdlio.storage.Scheme;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One factory picks the backend from the storage section and the folders' URI schemes, for data and checkpoints. */
class StorageBackendsTest {
    private static Workload parse(String storage, String dataFolder, String checkpointFolder) {
        return WorkloadLoader.parse("t.yaml", "model:\n  name: t\nworkflow:\n  generate_data: True\n  train: True\n"
                + "dataset:\n  data_folder: " + dataFolder + "\n  format: npy\n  num_files_train: 1\n"
                + "  num_samples_per_file: 1\n  record_length_bytes: 16\nreader:\n  batch_size: 1\n"
                + "train:\n  epochs: 1\n  computation_time: 0\ncheckpoint:\n  checkpoint_folder: " + checkpointFolder
                + "\n" + storage, List.of());
    }

    @Test
    void aPlainPathIsLocalFilesForDataAndCheckpoints() {
        Workload w = parse("", "data/x", "ckpt");
        assertEquals(Optional.of(Scheme.FILE), StorageBackends.dataScheme(w));
        assertEquals(Optional.of(Scheme.FILE), StorageBackends.checkpointScheme(w));
    }

    @Test
    void storageTypeS3PutsBothInTheBucketAndAFileSchemeKeepsCheckpointsLocal() {
        String s3 = "storage:\n  storage_type: s3\n  storage_root: bucket\n";
        assertEquals(Optional.of(Scheme.S3), StorageBackends.dataScheme(parse(s3, "data", "ckpt")));
        assertEquals(Optional.of(Scheme.S3), StorageBackends.checkpointScheme(parse(s3, "data", "ckpt")));
        assertEquals(Optional.of(Scheme.FILE), StorageBackends.checkpointScheme(parse(s3, "data", "file://ckpt")));
    }

    @Test
    void aFolderSchemeWinsOverTheStorageType() {
        Workload w = parse("", "s3://bucket/data", "az://account/container/ckpt");
        assertEquals(Optional.of(Scheme.S3), StorageBackends.dataScheme(w));
        assertEquals(Optional.of(Scheme.AZ), StorageBackends.checkpointScheme(w));
        assertEquals(Optional.of(Scheme.GS), StorageBackends.dataScheme(parse(
                "storage:\n  storage_type: s3dlio\n  storage_options:\n    uri_scheme: gs\n", "data", "c")));
    }

    @Test
    void mmapOnAnObjectStoreIsOneBlockingGapBeforeAnyWork() {
        Workload w = WorkloadLoader.parse("t.yaml", "model:\n  name: t\nworkflow:\n  generate_data: True\n"
                + "  train: True\ndataset:\n  data_folder: s3://bucket/d\n  format: mmap_indexed_binary\n"
                + "  num_files_train: 1\n  num_samples_per_file: 1\n  record_length_bytes: 16\nreader:\n"
                + "  batch_size: 1\ntrain:\n  epochs: 1\n  computation_time: 0\n", List.of());
        WorkloadException e = org.junit.jupiter.api.Assertions.assertThrows(WorkloadException.class,
                () -> new WorkloadRun(w, List.of(), 1).requireRunnable());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("mmap_indexed_binary memory-maps")
                && e.getMessage().contains("s3://"), e.getMessage());
    }
}
