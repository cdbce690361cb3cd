package io.jdlio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The DLIO workloads and reference outputs in ../shared, beside the repository. */
public final class Shared {
    public static final Path ROOT = Path.of("..", "shared", "dlio");

    private Shared() {
    }

    public static List<Path> workloads() throws IOException {
        try (Stream<Path> s = Files.list(ROOT.resolve("workloads"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    public static Path workload(String name) {
        return ROOT.resolve("workloads").resolve(name);
    }
}
