package io.jdlio.config;

/** DLIO's {@code reader.data_loader}. */
public enum DataLoaderKind implements YamlEnum {
    TENSORFLOW, PYTORCH, DALI, NATIVE_DALI, CUSTOM, NONE, SYNTHETIC
}
