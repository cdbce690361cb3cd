package io.jdlio.config;

/** DLIO's {@code storage.storage_type}. */
public enum StorageType implements YamlEnum {
    LOCAL_FS, PARALLEL_FS, S3, AISTORE
}
