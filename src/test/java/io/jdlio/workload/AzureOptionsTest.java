package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.config.StorageConfig;
import io.jdlio.config.StorageType;
import io.jdlio.storage.AzureBlobStorage;
import io.jdlio.storage.AzureLocation;
import io.jdlio.storage.AzureSettings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where an Azure workload's blobs go, whose credentials sign them, and how they move; no server needed. */
class AzureOptionsTest {
    private static final String CS = "DefaultEndpointsProtocol=http;AccountName=envacct;AccountKey=a2V5;"
            + "BlobEndpoint=http://127.0.0.1:1/envacct;";

    private static StorageConfig storage(String root, Map<String, String> options) {
        return new StorageConfig(StorageType.LOCAL_FS, root, options, null, List.of(), false, 0);
    }

    @Test
    void theRootOrTheFolderOrTheEnvironmentNamesAccountAndContainer() throws Exception {
        try (AzureBlobStorage s = AzureOptions.open(storage("az://acct/cont/pre", Map.of()), "data", Map.of())) {
            assertEquals(new AzureLocation("acct", "cont", "pre"), s.location());
            assertEquals("https://acct.blob.core.windows.net", s.endpoint());
        }
        try (AzureBlobStorage s = AzureOptions.open(storage("./", Map.of()), "az://acct/cont/data", Map.of())) {
            assertEquals(new AzureLocation("acct", "cont", ""), s.location());
            assertEquals("az://acct/cont/data/train/x", s.describe("az://acct/cont/data/train/x"));
        }
        try (AzureBlobStorage s = AzureOptions.open(storage("cont/pre", Map.of()), "data",
                Map.of("AZURE_STORAGE_CONNECTION_STRING", CS))) {
            assertEquals(new AzureLocation("envacct", "cont", "pre"), s.location());
            assertEquals("http://127.0.0.1:1/envacct", s.endpoint());
        }
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> AzureOptions.open(storage("cont", Map.of()), "data", Map.of()));
        assertTrue(e.getMessage().contains("az://<account>/<container>"), e.getMessage());
    }

    @Test
    void theConfigsEndpointAndKeyWinOverTheEnvironmentAndAreNeverShown() throws Exception {
        Map<String, String> options = Map.of("endpoint_url", "http://127.0.0.1:2/acct", "account_key", "c2VjcmV0");
        try (AzureBlobStorage s = AzureOptions.open(storage("az://acct/cont", options), "data",
                Map.of("AZURE_STORAGE_CONNECTION_STRING", CS))) {
            assertEquals("http://127.0.0.1:2/acct", s.endpoint());
            assertFalse(s.toString().contains("c2VjcmV0") || s.toString().contains("a2V5"), s.toString());
        }
    }

    @Test
    void transferSettingsComeFromStorageOptions() {
        AzureSettings d = AzureOptions.of(Map.of());
        assertEquals(AzureSettings.defaults().blockSize(), d.blockSize());
        AzureSettings s = AzureOptions.of(Map.of("part_size", "16777216", "max_concurrency", "4", "read_ahead", "65536",
                "max_attempts", "6"));
        assertEquals(16 << 20, s.blockSize());
        assertEquals(4, s.maxConcurrency());
        assertEquals(65536, s.readAhead());
        assertEquals(6, s.maxTries());
        assertThrows(WorkloadException.class, () -> AzureOptions.of(Map.of("part_size", "lots")));
    }

    @Test
    void storageTypeAzureSelectsAzureBlobWithTheRootAsContainerAndPrefix() throws Exception {
        io.jdlio.config.Workload w = io.jdlio.config.WorkloadLoader.parse("t.yaml", "model:\n  name: t\n"
                + "workflow:\n  generate_data: True\n  train: True\ndataset:\n  data_folder: data\n  format: npz\n"
                + "  num_files_train: 1\n  num_samples_per_file: 1\n  record_length_bytes: 16\nreader:\n  batch_size: 1\n"
                + "train:\n  epochs: 1\n  computation_time: 0\nstorage:\n  storage_type: azure\n  storage_root: cont/pre\n"
                + "  storage_options:\n    account_name: acct\n    endpoint_url: http://127.0.0.1:3/acct\n", List.of());
        assertEquals(StorageType.AZURE, w.storage().storageType());
        assertTrue(w.notices().warnings().isEmpty(), w.notices().warnings()::toString);
        assertEquals(java.util.Optional.of(io.jdlio.storage.Scheme.AZ), StorageBackends.dataScheme(w));
        assertEquals(java.util.Optional.of(io.jdlio.storage.Scheme.AZ), StorageBackends.checkpointScheme(w));
        try (io.jdlio.storage.Storage s = StorageBackends.openData(w).orElseThrow()) {
            AzureBlobStorage a = (AzureBlobStorage) s;
            assertEquals(new AzureLocation("acct", "cont", "pre"), a.location());
            assertEquals("http://127.0.0.1:3/acct", a.endpoint());
            assertEquals("az://acct/cont/pre/data/train/x.npz", a.describe("data/train/x.npz"));
        }
    }
}
