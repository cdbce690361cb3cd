package io.jdlio.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Hydra-style overrides: {@code ++workload.dataset.num_files_train=8}, {@code +workload.x=y},
 * {@code workload.x=y} and the short {@code dataset.num_files_train=8}. Values are typed as YAML scalars,
 * as Hydra does ({@code True}, {@code 8}, {@code 0.5}, {@code [1,2]}).
 */
public final class Overrides {
    private Overrides() {
    }

    private static final java.util.regex.Pattern OVERRIDE =
            java.util.regex.Pattern.compile("\\+{0,2}[A-Za-z_][A-Za-z0-9_.]*=.*", java.util.regex.Pattern.DOTALL);

    /**
     * Splits JMH's {@code -p overrides=} value: ';' separates, because JMH itself splits on ','; each part is
     * then decoded as {@link #encode} left it.
     */
    public static List<String> split(String joined) {
        List<String> out = new ArrayList<>();
        if (joined == null) {
            return out;
        }
        for (String part : joined.split(";")) {
            if (!part.isBlank()) {
                out.add(decode(part.trim()));
            }
        }
        return out;
    }

    /** Whether a command-line argument is a Hydra override ({@code ++a.b=1}, {@code +a=1}, {@code a.b=1}). */
    public static boolean isOverride(String arg) {
        return OVERRIDE.matcher(arg).matches();
    }

    /**
     * One override as a part of a {@code -p overrides=} value: ',' (JMH's separator), ';' (the parts') and '%'
     * become %2C, %3B and %25, so {@code layer_parameters=[4096,16384]} reads {@code [4096%2C16384]} in JMH's
     * parameters and arrives whole.
     */
    public static String encode(String override) {
        return override.replace("%", "%25").replace(",", "%2C").replace(";", "%3B");
    }

    static String decode(String part) {
        StringBuilder b = new StringBuilder(part.length());
        for (int i = 0; i < part.length(); i++) {
            String code = i + 3 <= part.length() ? part.substring(i, i + 3).toUpperCase(java.util.Locale.ROOT) : "";
            char c = switch (code) {
                case "%2C" -> ',';
                case "%3B" -> ';';
                case "%25" -> '%';
                default -> 0;
            };
            if (c == 0) {
                b.append(part.charAt(i));
            } else {
                b.append(c);
                i += 2;
            }
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    static void apply(Map<String, Object> root, List<String> overrides) {
        Yaml scalar = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (String o : overrides) {
            int eq = o.indexOf('=');
            // a message quotes the override as typed, but never a credential's value
            String shown = SecretOverrides.shown(o);
            String key = eq < 0 ? "" : o.substring(0, eq).trim();
            key = key.replaceFirst("^\\+{1,2}", "");
            if (key.startsWith("workload.")) {
                key = key.substring("workload.".length());
            }
            if (eq < 0 || key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
                throw new ConfigException("override '" + shown + "': expected key=value, e.g. "
                        + "dataset.num_files_train=8 or ++workload.reader.batch_size=4");
            }
            String text = o.substring(eq + 1);
            // YAML reads an empty value as null (the default) and " #..." as a comment: both would silently
            // run something other than what was typed
            if (text.isBlank()) {
                throw new ConfigException("override '" + shown + "': the value is empty; give one (\"" + key
                        + "=''\" is an empty string), or leave the override out for the default");
            }
            boolean quoted = text.startsWith("\"") || text.startsWith("'");
            if (!quoted && (text.contains(" #") || text.contains("\t#") || text.startsWith("#"))) {
                throw new ConfigException("override '" + shown + "': the value holds '#', which YAML reads as the start "
                        + "of a comment; drop the comment, or quote the value: \"" + key + "='" + (shown.equals(o) ? text : "...") + "'\"");
            }
            Object value;
            try {
                value = scalar.load(text);
            } catch (YAMLException e) {
                throw new ConfigException("override '" + shown + "': the value is not valid YAML"
                        + (cutAtComma(text) ? "; it looks cut at a comma, as JMH's -p splits its value there: pass "
                        + "the override as an argument after the config (\"" + key + "=...\"), or write the comma "
                        + "as %2C inside -p overrides" : ""));
            }
            String[] parts = key.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < parts.length - 1; i++) {
                Object child = node.get(parts[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(parts[i], child);
                }
                node = (Map<String, Object>) child;
            }
            node.put(parts[parts.length - 1], value);
        }
    }

    /** A flow collection opened and not closed: what JMH leaves of "{mean: 0.01, stdev: 0.004}" after its split. */
    private static boolean cutAtComma(String text) {
        return text.chars().filter(c -> c == '{').count() > text.chars().filter(c -> c == '}').count()
                || text.chars().filter(c -> c == '[').count() > text.chars().filter(c -> c == ']').count();
    }
}
