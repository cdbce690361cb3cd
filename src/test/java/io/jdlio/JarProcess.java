package io.jdlio;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jar (or a script that runs it) started as a user would, in a folder of its own, with its own
 * java.io.tmpdir: that is where JMH takes its machine-wide lock, so these runs neither wait for nor disturb a
 * benchmark someone else runs on the machine.
 */
final class JarProcess {
    static final Path JAR = Path.of(System.getProperty("jdlio.jar", "target/benchmarks.jar")).toAbsolutePath();

    record Run(int code, String out, String err) {
    }

    private JarProcess() {
    }

    /** {@code java [jvm...] -jar benchmarks.jar args...} in {@code dir}, bounded to 5 minutes. */
    static Run jar(Path dir, List<String> jvm, List<String> args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp(dir)));
        cmd.addAll(jvm);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(args);
        return run(dir, cmd, Map.of());
    }

    /** A command (a script) in {@code dir} with extra environment, bounded to 5 minutes. */
    static Run run(Path dir, List<String> cmd, Map<String, String> env) throws Exception {
        ProcessBuilder b = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectError(dir.resolve("stderr.txt").toFile());
        b.environment().putAll(env);
        Process p = b.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            assertTrue(false, "timed out: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(dir.resolve("stdout.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("stderr.txt"), StandardCharsets.UTF_8));
    }

    /** The java.io.tmpdir of the runs in {@code dir}. */
    static String tmp(Path dir) throws Exception {
        return Files.createDirectories(dir.resolve("jvm-tmp")).toString();
    }
}
