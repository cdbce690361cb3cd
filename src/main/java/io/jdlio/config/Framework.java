package io.jdlio.config;

/** DLIO's {@code framework}: picks the default loader and checkpoint file extension. */
public enum Framework implements YamlEnum {
    TENSORFLOW, PYTORCH
}
