package io.jdlio.workload;

import io.jdlio.config.StorageConfig;
import io.jdlio.storage.S3Settings;
import io.jdlio.storage.Scheme;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * An S3 backend's settings from DLIO's {@code storage_options}, in the MLCommons fork's order: the YAML (and
 * overrides) first, then the {@code AWS_*} environment variables, then a {@code .env} file in the working
 * directory; credentials found nowhere are left to the SDK's default chain (profiles, instance roles).
 */
final class S3Options {
    /** Google Cloud Storage's S3-compatible endpoint, for {@code gs://} without an endpoint of its own. */
    static final String GCS_ENDPOINT = "https://storage.googleapis.com";
    private static final long MIB = S3Settings.MIB;

    private S3Options() {
    }

    static S3Settings of(StorageConfig s, Scheme scheme, boolean checkpoints) {
        // under mpirun, rank 0's settings fill in what this rank's environment lacks (mpirun -x is easy to forget)
        Map<String, String> env = io.jdlio.cluster.Clusters.environment();
        return of(s, scheme, checkpoints, env::get, dotEnv(Path.of(".env")), rank(System::getenv));
    }

    static S3Settings of(StorageConfig s, Scheme scheme, boolean checkpoints, Function<String, String> env,
            Map<String, String> dotEnv, int rank) {
        Map<String, String> o = s.options();
        Function<String, String> lookup = name -> {
            String v = env.apply(name);
            return v != null && !v.isEmpty() ? v : dotEnv.get(name);
        };
        String endpoint = first(o.get("endpoint_url"), endpointByRank(s, rank), lookup.apply("AWS_ENDPOINT_URL"),
                lookup.apply("AWS_ENDPOINT_URL_S3"), scheme == Scheme.GS ? GCS_ENDPOINT : null);
        String region = first(o.get("region"), lookup.apply("AWS_REGION"), lookup.apply("AWS_DEFAULT_REGION"),
                scheme == Scheme.GS ? "auto" : "us-east-1");
        String key = first(o.get("access_key_id"), lookup.apply("AWS_ACCESS_KEY_ID"));
        String secret = first(o.get("secret_access_key"), lookup.apply("AWS_SECRET_ACCESS_KEY"));
        URI uri = endpoint == null ? null : URI.create(endpoint.trim());
        boolean pathStyle = bool(o.get("s3_force_path_style"), false) || local(uri);
        int attempts = (int) number(o, "s3_max_attempts", 5);
        // the fork's checkpoint streams: 128 MiB parts, 8 in flight; data objects are mostly far smaller
        long part = (long) number(o, "part_size", checkpoints ? 128 * MIB : 8 * MIB);
        long threshold = (long) number(o, "multipart_threshold", part);
        int concurrency = (int) number(o, "max_concurrency", checkpoints ? 8 : 64);
        int readAhead = (int) number(o, "read_ahead", 8 * MIB);
        return new S3Settings(uri, region, pathStyle, key, secret, Math.max(1, attempts), part, threshold,
                Math.max(1, concurrency), Math.max(4096, readAhead));
    }

    /**
     * Virtual-host addressing puts the bucket in the host name, which cannot work for an IP address or
     * localhost: such endpoints (test servers, on-premises gateways) are always addressed by path.
     */
    private static boolean local(URI uri) {
        if (uri == null || uri.getHost() == null) {
            return false;
        }
        String h = uri.getHost();
        return h.equals("localhost") || h.matches("[0-9.]+") || h.startsWith("[");
    }

    /** The fork's {@code endpoint_uris}: one for every rank in turn, else the first. */
    private static String endpointByRank(StorageConfig s, int rank) {
        List<String> uris = s.endpointUris();
        if (uris.isEmpty()) {
            return null;
        }
        return s.endpointsByRank() ? uris.get(Math.floorMod(rank, uris.size())) : uris.get(0);
    }

    /** This process's rank where an MPI launcher or torchrun set one; 0 for jdlio's single process. */
    static int rank(Function<String, String> env) {
        for (String name : List.of("OMPI_COMM_WORLD_RANK", "PMI_RANK", "PMIX_RANK", "RANK")) {
            String v = env.apply(name);
            if (v != null) {
                try {
                    return Integer.parseInt(v.trim());
                } catch (NumberFormatException e) {
                    // not a rank
                }
            }
        }
        return 0;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    private static boolean bool(String v, boolean def) {
        if (v == null) {
            return def;
        }
        String t = v.trim().toLowerCase(Locale.ROOT);
        return t.equals("true") || t.equals("1") || t.equals("yes");
    }

    private static double number(Map<String, String> o, String key, double def) {
        String v = o.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new WorkloadException("storage.storage_options." + key + " = \"" + v + "\": expected a number");
        }
    }

    /** {@code NAME=value} lines of a .env file (comments, blank lines, quotes and "export " allowed). */
    static Map<String, String> dotEnv(Path file) {
        Map<String, String> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String t = line.trim();
                if (t.isEmpty() || t.startsWith("#")) {
                    continue;
                }
                if (t.startsWith("export ")) {
                    t = t.substring(7).trim();
                }
                int eq = t.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String v = t.substring(eq + 1).trim();
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                out.put(t.substring(0, eq).trim(), v);
            }
        } catch (IOException e) {
            throw new WorkloadException(file.toAbsolutePath() + ": cannot read this .env file (" + e.getMessage()
                    + "): make it readable or remove it");
        }
        return out;
    }
}
