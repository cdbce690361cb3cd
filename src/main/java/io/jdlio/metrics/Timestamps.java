package io.jdlio.metrics;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** DLIO's timestamp form: local wall-clock time, microseconds, e.g. {@code 2026-11-24T10:12:11.118301}. */
public final class Timestamps {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

    private Timestamps() {
    }

    public static String now() {
        return FORMAT.format(LocalDateTime.now());
    }
}
