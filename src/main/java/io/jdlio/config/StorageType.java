package io.jdlio.config;

/** DLIO's {@code storage.storage_type}. */
public enum StorageType implements YamlEnum {
    LOCAL_FS, PARALLEL_FS, S3, AISTORE,
    /** The MLCommons fork's name for S3 through its s3dlio library; jdlio serves it with its own S3 client. */
    S3DLIO,
    /**
     * Azure Blob Storage: {@code storage_root} is {@code container[/prefix]} in the account that
     * {@code storage_options.account_name} or the environment names (or a whole {@code az://} URI).
     */
    AZURE
}
