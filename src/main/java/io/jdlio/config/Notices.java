package io.jdlio.config;

import java.util.ArrayList;
import java.util.List;

/** What loading a config had to say without failing: unknown keys, legacy keys honoured, keys with no effect. */
public final class Notices {
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public void warn(String message) {
        if (!warnings.contains(message)) {
            warnings.add(message);
        }
    }

    public void note(String message) {
        if (!notes.contains(message)) {
            notes.add(message);
        }
    }

    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }
}
