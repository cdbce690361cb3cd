package io.jdlio.metrics;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The host facts DLIO records: CPU count, /proc/cpuinfo, /proc/meminfo, memory, hostname. */
public final class HostInfo {
    private HostInfo() {
    }

    public static String hostname() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    public static int cpuCount() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** /proc/cpuinfo as DLIO keeps it: key to value, the last processor's values, "processor" dropped. */
    public static Map<String, String> cpuinfo() {
        Map<String, String> m = keyValues(Path.of("/proc/cpuinfo"));
        m.remove("processor");
        return m;
    }

    public static Map<String, String> meminfo() {
        return keyValues(Path.of("/proc/meminfo"));
    }

    /** Total memory in GiB, from /proc/meminfo (0 when unknown). */
    public static double memoryGiB() {
        String total = meminfo().get("MemTotal");
        if (total == null) {
            return 0;
        }
        return Long.parseLong(total.replaceAll("[^0-9]", "")) / 1048576.0;
    }

    private static Map<String, String> keyValues(Path file) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    m.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            // not Linux: the fields stay empty, as DLIO leaves them
        }
        return m;
    }
}
