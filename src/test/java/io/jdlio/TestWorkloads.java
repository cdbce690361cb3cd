package io.jdlio;

import java.nio.file.Path;

/** Configs of the repository itself: the shipped {@code workloads/} and the test ones beside these tests. */
public final class TestWorkloads {
    private TestWorkloads() {
    }

    /** A workload shipped in {@code workloads/} (unet3d.yaml is DLIO's unet3d_h100, llama3_8b.yaml MLPerf's). */
    public static Path shipped(String name) {
        return Path.of("workloads", name);
    }

    /** A config in {@code src/test/resources/dlio-workloads/}, with the values of the DLIO config it is named after. */
    public static Path fixture(String name) {
        return Path.of("src", "test", "resources", "dlio-workloads", name);
    }
}
