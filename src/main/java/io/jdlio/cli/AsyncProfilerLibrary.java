package io.jdlio.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * The async-profiler native library bundled in the jar, extracted once per version so that
 * {@code -prof async} works without installing anything. A {@code libPath} the user gives wins.
 */
final class AsyncProfilerLibrary {
    private static final String VERSION = "4.6";

    private AsyncProfilerLibrary() {
    }

    /** Rewrites a {@code -prof} value: {@code async[:opts]} gains {@code libPath=<extracted>} if it has none. */
    static String withLibPath(String profiler) throws IOException {
        if (!(profiler.equals("async") || profiler.startsWith("async:")) || profiler.contains("libPath=")) {
            return profiler;
        }
        String opts = profiler.length() > "async:".length() ? profiler.substring("async:".length()) : "";
        return "async:libPath=" + extract() + (opts.isEmpty() ? "" : ";" + opts);
    }

    static Path extract() throws IOException {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String dir = arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64" : "linux-x64";
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")) {
            throw new IOException("the bundled async-profiler is for Linux; on this OS give "
                    + "-prof async:libPath=/path/to/libasyncProfiler");
        }
        Path target = Path.of(System.getProperty("java.io.tmpdir"),
                "jdlio-async-profiler-" + VERSION + "-" + dir + ".so");
        if (Files.isRegularFile(target)) {
            return target;
        }
        try (InputStream in = AsyncProfilerLibrary.class.getResourceAsStream("/" + dir + "/libasyncProfiler.so")) {
            if (in == null) {
                throw new IOException("this jar has no async-profiler library for " + dir);
            }
            Path temp = Files.createTempFile(target.getParent(), "jdlio-async-profiler", ".tmp");
            Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return target;
    }
}
