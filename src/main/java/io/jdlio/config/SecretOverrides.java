package io.jdlio.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Keeps credentials given as overrides ({@code ++storage.storage_options.secret_access_key=...}) out of what
 * JMH prints and records: JMH shows every {@code -p} value in its run banner, its result table and its JSON. The
 * launcher replaces each secret override's value with a placeholder ({@code ***}, then {@code ***2}... when one
 * key is given several values) and writes the real values to a file only its user can read, named to its forks
 * by the system property {@value #PROPERTY}; a fork puts the real values back before the config is parsed.
 * Every output (overrides.yaml, the ledger, messages) sees the masked form only.
 */
public final class SecretOverrides {
    /** The system property naming the launcher's file of hidden values. */
    public static final String PROPERTY = "jdlio.secrets";
    static final String MASK = "***";

    private SecretOverrides() {
    }

    /** Whether an override sets a credential (its last key part names one, as {@link StorageConfig#secret}). */
    public static boolean isSecret(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            return false;
        }
        String key = override.substring(0, eq).trim();
        int dot = key.lastIndexOf('.');
        return StorageConfig.secret(dot < 0 ? key : key.substring(dot + 1));
    }

    /** The override's key as the config reads it: no leading '+'s, no "workload." prefix. */
    static String key(String override) {
        String k = override.substring(0, override.indexOf('=')).trim().replaceFirst("^\\+{1,2}", "");
        return k.startsWith("workload.") ? k.substring("workload.".length()) : k;
    }

    /** The overrides as outputs may show them: each credential's value as {@code ***}. */
    public static List<String> masked(List<String> overrides) {
        List<String> out = new ArrayList<>(overrides.size());
        for (String o : overrides) {
            out.add(isSecret(o) && !isPlaceholder(o.substring(o.indexOf('=') + 1))
                    ? o.substring(0, o.indexOf('=') + 1) + MASK : o);
        }
        return out;
    }

    /** One override as a message may quote it. */
    static String shown(String override) {
        return masked(List.of(override)).get(0);
    }

    private static boolean isPlaceholder(String value) {
        return value.matches("\\*\\*\\*[0-9]*");
    }

    /** The hidden values of one launcher run: placeholder keys to real values. */
    public static final class Hidden {
        private final Map<String, String> values = new LinkedHashMap<>();

        /**
         * The override with its credential replaced by a placeholder (recorded here); other overrides as they
         * are.
         */
        public String hide(String override) {
            if (!isSecret(override)) {
                return override;
            }
            String key = key(override);
            String value = override.substring(override.indexOf('=') + 1);
            for (int n = 1; ; n++) {
                String placeholder = n == 1 ? MASK : MASK + n;
                String held = values.get(key + "=" + placeholder);
                if (held == null || held.equals(value)) {
                    values.put(key + "=" + placeholder, value);
                    return override.substring(0, override.indexOf('=') + 1) + placeholder;
                }
            }
        }

        public boolean isEmpty() {
            return values.isEmpty();
        }

        /** Writes the values to a new file only this user can read or write; the caller removes it. */
        public Path write() throws IOException {
            Path file;
            try {
                file = Files.createTempFile("jdlio-secrets", ".properties",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                file = Files.createTempFile("jdlio-secrets", ".properties");
            }
            Properties p = new Properties();
            p.putAll(values);
            try (OutputStream out = Files.newOutputStream(file)) {
                p.store(out, null);
            }
            return file;
        }
    }

    /**
     * The overrides with the launcher's placeholders replaced by the values it hid, read from the file the
     * system property {@value #PROPERTY} names; as they are when there is none.
     */
    public static List<String> revealed(List<String> overrides) {
        String file = System.getProperty(PROPERTY);
        if (file == null || file.isBlank() || overrides.stream().noneMatch(SecretOverrides::isSecret)) {
            return overrides;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the launcher's hidden credentials from " + file + " ("
                    + e.getMessage() + "); run through the launcher (java -jar ...), which writes it", e);
        }
        List<String> out = new ArrayList<>(overrides.size());
        for (String o : overrides) {
            String real = isSecret(o) ? p.getProperty(key(o) + "=" + o.substring(o.indexOf('=') + 1)) : null;
            out.add(real == null ? o : o.substring(0, o.indexOf('=') + 1) + real);
        }
        return out;
    }
}
