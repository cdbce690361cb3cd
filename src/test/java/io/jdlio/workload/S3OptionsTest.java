package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import io.jdlio.storage.S3Settings;
import io.jdlio.storage.Scheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where an S3 backend's settings come from, in the fork's order, and that no credential is ever shown. */
class S3OptionsTest {
    @TempDir
    Path dir;

    private static Workload parse(String storage) {
        return WorkloadLoader.parse("t.yaml", "model:\n  name: t\nworkflow:\n  generate_data: True\n  train: True\n"
                + "dataset:\n  data_folder: data\n  format: npz\n  num_files_train: 1\n  num_samples_per_file: 1\n"
                + "  record_length_bytes: 16\n  skip_listing: True\n  listing_validation_interval: 100\n"
                + "  data_gen_method: dgen\nreader:\n  batch_size: 1\n"
                + "train:\n  epochs: 1\n  computation_time: 0\n" + storage, List.of());
    }

    @Test
    void yamlThenEnvironmentThenDotEnvAndPathStyleForLocalEndpoints() {
        Workload w = parse("storage:\n  storage_type: s3\n  storage_root: b\n  storage_options:\n"
                + "    access_key_id: yaml-key\n    s3_force_path_style: 'False'\n    s3_max_attempts: 3\n");
        S3Settings s = S3Options.of(w.storage(), Scheme.S3, false,
                Map.of("AWS_ACCESS_KEY_ID", "env-key", "AWS_SECRET_ACCESS_KEY", "env-secret")::get,
                Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-3"), 0);
        assertEquals("yaml-key", s.accessKeyId());
        assertEquals("env-secret", s.secretAccessKey());
        assertEquals("http://127.0.0.1:9000", s.endpoint().toString());
        assertEquals("eu-west-3", s.region());
        assertTrue(s.forcePathStyle(), "an IP endpoint is addressed by path");
        assertEquals(3, s.maxAttempts());
        assertFalse(s.toString().contains("env-secret") || s.toString().contains("yaml-key"), s.toString());
        S3Settings none = S3Options.of(w.storage(), Scheme.S3, true, k -> null, Map.of(), 0);
        assertNull(none.secretAccessKey(), "left to the SDK's default chain");
        assertEquals(128L << 20, none.partSize(), "checkpoints stream 128 MiB parts, as the fork");
    }

    @Test
    void endpointsAreSharedOutByRank() {
        Workload w = parse("storage:\n  storage_type: s3dlio\n  storage_root: b\n  storage_library: s3dlio\n"
                + "  endpoint_uris: [http://10.0.0.1:9000, http://10.0.0.2:9000]\n"
                + "  use_mpi_endpoint_distribution: True\n  post_generation_settle_seconds: 1\n");
        assertEquals("s3dlio", w.storage().library());
        assertEquals("http://10.0.0.2:9000", S3Options.of(w.storage(), Scheme.S3, false, k -> null, Map.of(), 3)
                .endpoint().toString());
        assertEquals("http://10.0.0.1:9000", S3Options.of(w.storage(), Scheme.S3, false, k -> null, Map.of(), 2)
                .endpoint().toString());
        assertTrue(w.notices().warnings().stream().noneMatch(n -> n.contains("unknown")), w.notices().warnings()::toString);
    }

    @Test
    void theResolvedConfigMasksCredentials() {
        Workload w = parse("storage:\n  storage_type: s3\n  storage_root: b\n  storage_options:\n"
                + "    access_key_id: AKIAEXAMPLE\n    secret_access_key: wJalrEXAMPLEKEY\n");
        String dumped = TrainingSession.dumpYaml(w.resolved());
        assertFalse(dumped.contains("wJalrEXAMPLEKEY") || dumped.contains("AKIAEXAMPLE"), dumped);
        assertTrue(dumped.contains("***"), dumped);
        assertEquals("wJalrEXAMPLEKEY", w.storage().options().get("secret_access_key"), "the client still gets it");
        assertFalse(w.storage().toString().contains("wJalrEXAMPLEKEY"), w.storage()::toString);
    }

    @Test
    void aDotEnvFileIsRead() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, "# keys\nexport AWS_ACCESS_KEY_ID=\"k\"\nAWS_SECRET_ACCESS_KEY='s'\n\n");
        assertEquals(Map.of("AWS_ACCESS_KEY_ID", "k", "AWS_SECRET_ACCESS_KEY", "s"), S3Options.dotEnv(env));
    }

    @Test
    void theForksObjectStorageKeysAreAcceptedNoneFlaggedUnknownAndNoCredentialShown() {
        Workload w = WorkloadLoader.parse("t.yaml", "model:\n  name: t\nworkflow:\n  generate_data: True\n"
                + "  train: True\ndataset:\n  data_folder: data\n  format: parquet\n  num_files_train: 1\n"
                + "  num_samples_per_file: 1\n  record_length_bytes: 16\n  skip_listing: True\n"
                + "  listing_validation_interval: 100\n  data_gen_method: dgen\n  parquet:\n"
                + "    generation_batch_size: 4\n    use_s3dlio_gen: True\n    partition_by: x\n"
                + "reader:\n  batch_size: 1\n  write_threads: 2\n  storage_type: s3\n  protocol: s3\n"
                + "  storage_library: s3dlio\n  storage_root: b\n  storage_options:\n    uri_scheme: s3\n"
                + "    secret_access_key: readerSECRET\ntrain:\n  epochs: 1\n  computation_time: 0\n"
                + "storage:\n  storage_type: s3dlio\n  storage_root: b\n  storage_library: s3dlio\n"
                + "  storage_options:\n    storage_library: s3dlio\n    uri_scheme: s3\n    s3_max_attempts: 2\n"
                + "    s3_force_path_style: 'true'\n  endpoint_uris: [http://10.0.0.1:9000, http://10.0.0.2:9000]\n"
                + "  use_mpi_endpoint_distribution: True\n  post_generation_settle_seconds: 1\n", List.of());
        assertEquals(List.of(), w.notices().warnings());
        assertEquals(1.0, w.storage().settleSeconds());
        String dumped = TrainingSession.dumpYaml(w.resolved());
        assertFalse(dumped.contains("readerSECRET"), dumped);
    }
}
