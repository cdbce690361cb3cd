package io.jdlio.config;

/** DLIO's {@code reader.data_loader_sampler}. */
public enum SamplerKind implements YamlEnum {
    ITERATIVE, INDEX, NONE
}
