package io.jdlio.bench.micro;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** A temporary folder a benchmark makes for its own dataset in setup and removes, whole, in teardown. */
final class BenchFolder {
    private BenchFolder() {
    }

    static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Removes {@code dir}, made by {@link #create}, and everything the benchmark wrote in it. */
    static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
