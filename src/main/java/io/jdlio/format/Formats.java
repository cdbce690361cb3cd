package io.jdlio.format;

import io.jdlio.config.DataFormat;
import java.util.Optional;

/** The formats jdlio can write and read so far. */
public final class Formats {
    private Formats() {
    }

    public static Optional<FileFormat> of(DataFormat format) {
        switch (format) {
            case NPZ: return Optional.of(new NpzFormat());
            case NPY: return Optional.of(new NpyFormat());
            default: return Optional.empty();
        }
    }
}
