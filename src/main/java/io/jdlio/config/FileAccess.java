package io.jdlio.config;

/** DLIO's {@code reader.file_access} (parsed; DLIO does not use it either). */
public enum FileAccess implements YamlEnum {
    MULTI, SHARED, COLLECTIVE, MPIO, POSIX
}
