package io.jdlio.config;

/** A workload config that cannot be used; the message names the file, the key, the value and what is expected. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    /** {@code <source>: <key> = <value>: expected <what>}, the form every value check uses. */
    public static ConfigException expected(String source, String key, Object value, String expected) {
        return new ConfigException(source + ": " + key + " = " + Section.show(value) + ": expected " + expected);
    }
}
