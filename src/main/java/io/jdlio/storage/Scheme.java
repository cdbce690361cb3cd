package io.jdlio.storage;

import java.util.Locale;
import java.util.Optional;

/**
 * The URI schemes a dataset, storage root or checkpoint folder may start with: {@code file://} (or a plain
 * path), {@code direct://} (files read and written with O_DIRECT), {@code s3://}, {@code az://} (Azure Blob)
 * and {@code gs://} (Google Cloud Storage through its S3 API).
 */
public enum Scheme {
    FILE, DIRECT, S3, AZ, GS;

    public String prefix() {
        return name().toLowerCase(Locale.ROOT) + "://";
    }

    /** The scheme {@code location} starts with; empty for a plain path. */
    public static Optional<Scheme> of(String location) {
        if (location == null) {
            return Optional.empty();
        }
        int at = location.indexOf("://");
        if (at <= 0) {
            return Optional.empty();
        }
        String name = location.substring(0, at).toUpperCase(Locale.ROOT);
        for (Scheme s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** A scheme by its name as DLIO's keys spell it ("s3", "az", "file"...); empty when there is none such. */
    public static Optional<Scheme> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return of(name.trim() + "://");
    }

    /** {@code location} without its scheme prefix, when it has one. */
    public static String strip(String location) {
        return of(location).map(s -> location.substring(s.prefix().length())).orElse(location);
    }
}
