package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs a check in Debian's Python with its numpy: a reader jdlio did not write. */
public final class Python {
    public static final String PYTHON = "/usr/bin/python3";

    private Python() {
    }

    /** Runs {@code script} with {@code args}; fails the test with Python's output unless it exits 0. */
    public static String run(String script, String... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile("jdlio-check", ".py");
        try {
            Files.writeString(file, script);
            List<String> cmd = new ArrayList<>(List.of(PYTHON, file.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), () -> "python check failed:\n" + out);
            return out;
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
