package io.jdlio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * DLIO's and MLPerf Storage's own configs in ../shared, beside the repository: a developer's checkout has them,
 * a user's clone does not. Tests that read them call {@link #assumePresent()} first, so a clone with nothing
 * beside it skips them with a reason instead of failing.
 */
public final class Shared {
    /** {@code JDLIO_UPSTREAM_CONFIGS} names the folder holding {@code workloads/}; the developers' layout otherwise. */
    public static final Path ROOT = System.getenv("JDLIO_UPSTREAM_CONFIGS") != null
            ? Path.of(System.getenv("JDLIO_UPSTREAM_CONFIGS")) : Path.of("..", "shared", "dlio");

    /** The skip reason, shown by Surefire beside each skipped test. */
    public static final String ABSENT = "this test reads DLIO's upstream configs, which are not here ("
            + ROOT.resolve("workloads") + " does not exist; set JDLIO_UPSTREAM_CONFIGS to the folder holding them)";

    private Shared() {
    }

    public static boolean present() {
        return Files.isDirectory(ROOT.resolve("workloads"));
    }

    /**
     * Skips the calling test, with {@link #ABSENT} as the reason, when the upstream configs are not there. The
     * reason is also printed with the test's name: Surefire's console counts skipped tests but shows no reason.
     */
    public static void assumePresent() {
        if (!present()) {
            String test = StackWalker.getInstance().walk(frames -> frames
                    .filter(f -> !f.getClassName().equals(Shared.class.getName()))
                    .findFirst().map(f -> f.getClassName().replaceFirst(".*\\.", "") + "." + f.getMethodName())
                    .orElse("a test"));
            System.out.println("[SKIPPED] " + test + ": " + ABSENT);
        }
        Assumptions.assumeTrue(present(), ABSENT);
    }

    /**
     * The upstream configs; when they are absent, the missing folder alone, so that a parameterized test still
     * runs once and is skipped visibly by {@link #assumePresent()} rather than failing for lack of arguments.
     */
    public static List<Path> workloads() throws IOException {
        if (!present()) {
            return List.of(ROOT.resolve("workloads"));
        }
        try (Stream<Path> s = Files.list(ROOT.resolve("workloads"))) {
            return s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    public static Path workload(String name) {
        assumePresent();
        return ROOT.resolve("workloads").resolve(name);
    }
}
