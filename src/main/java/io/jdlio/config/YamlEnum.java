package io.jdlio.config;

import java.util.Locale;

/** An enum whose constants are spelt in YAML as their lower-case names. */
public interface YamlEnum {
    String name();

    default String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
