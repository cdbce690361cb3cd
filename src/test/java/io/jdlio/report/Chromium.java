package io.jdlio.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium (Debian's {@code chromium}, installed by scripts/install-test-deps) run on a local file: its DOM
 * after the page's scripts ran, or a screenshot. Every run gets a fresh profile and none of the browser's own network
 * traffic, so a page that needed the network would show it in its checks.
 */
final class Chromium {
    private static final long LIMIT_SECONDS = 90;

    private final Path executable;

    private Chromium(Path executable) {
        this.executable = executable;
    }

    /** The browser, from JDLIO_CHROMIUM or the usual places; empty when there is none. */
    static Optional<Chromium> find() {
        List<String> candidates = new ArrayList<>();
        String env = System.getenv("JDLIO_CHROMIUM");
        if (env != null && !env.isBlank()) {
            candidates.add(env);
        }
        candidates.addAll(List.of("/usr/bin/chromium", "/usr/bin/chromium-headless-shell",
                "/usr/bin/chromium-browser", "/usr/bin/google-chrome"));
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().map(Chromium::new);
    }

    /** The page's DOM once its scripts have had {@code budgetMillis} of (virtual) time. */
    String dumpDom(Path page, Path scratch, int budgetMillis) throws IOException, InterruptedException {
        return run(page, scratch, List.of("--virtual-time-budget=" + budgetMillis, "--dump-dom"));
    }

    /** A PNG of the page at {@code width} x {@code height} CSS pixels. */
    void screenshot(Path page, Path scratch, Path png, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        run(page, scratch, List.of("--virtual-time-budget=5000", "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath()));
    }

    private String run(Path page, Path scratch, List<String> what) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(scratch, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
        cmd.addAll(what);
        cmd.add(page.toAbsolutePath().toUri().toString());
        Path out = scratch.resolve("chromium-" + System.nanoTime() + ".out");
        Path err = scratch.resolve("chromium-" + System.nanoTime() + ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IOException("chromium did not finish within " + LIMIT_SECONDS + " s: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        if (p.exitValue() != 0) {
            throw new IOException("chromium exited with " + p.exitValue() + ": " + Files.readString(err));
        }
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}
