package io.jdlio.config;

/** DLIO's {@code reader.read_type}. */
public enum ReadType implements YamlEnum {
    MEMORY, ON_DEMAND
}
