package io.jdlio.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds a workload by name: a path, then {@code workloads/<name>} under the working directory, then the
 * workloads bundled in the jar; {@code .yaml} may be left off.
 */
public final class ConfigLocator {
    private ConfigLocator() {
    }

    public static Workload load(String name, List<String> overrides) {
        for (String candidate : List.of(name, name + ".yaml")) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p)) {
                return WorkloadLoader.load(p, overrides);
            }
            Path shipped = Path.of("workloads").resolve(candidate);
            if (Files.isRegularFile(shipped)) {
                return WorkloadLoader.load(shipped, overrides);
            }
        }
        for (String candidate : List.of(name, name + ".yaml")) {
            String resource = "/workloads/" + Path.of(candidate).getFileName();
            try (InputStream in = ConfigLocator.class.getResourceAsStream(resource)) {
                if (in != null) {
                    return WorkloadLoader.load(Path.of(candidate).getFileName().toString(), in, overrides);
                }
            } catch (IOException e) {
                throw new ConfigException(name + ": the bundled workload cannot be read: " + e.getMessage());
            }
        }
        throw new ConfigException(name + ": no such workload file; give a path to a DLIO YAML, or the name of one "
                + "in workloads/ (e.g. unet3d_smoke.yaml)");
    }
}
