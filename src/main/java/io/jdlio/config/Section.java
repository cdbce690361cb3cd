package io.jdlio.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One mapping of a workload YAML, read key by key into typed values. It remembers every key asked for, so
 * that {@link #finish()} can warn about the ones nobody asked for, and records each value it hands out
 * (defaults included) into the resolved tree that {@code validate} prints and each run saves.
 */
final class Section {
    private final String source;
    private final String path;
    private final Map<String, Object> values;
    private final Notices notices;
    private final Map<String, Object> resolved;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<Section> children = new ArrayList<>();

    Section(String source, String path, Map<String, Object> values, Notices notices, Map<String, Object> resolved) {
        this.source = source;
        this.path = path;
        this.values = values;
        this.notices = notices;
        this.resolved = resolved;
    }

    String source() {
        return source;
    }

    Notices notices() {
        return notices;
    }

    Map<String, Object> resolved() {
        return resolved;
    }

    /** Records a value for the resolved tree that was read through {@link #raw}. */
    void put(String key, Object value) {
        resolved.put(key, value);
    }

    /** Takes a section built by hand (e.g. from a legacy scalar form) as this one's child. */
    void adopt(String key, Section child) {
        known.add(key);
        resolved.put(key, child.resolved);
        children.add(child);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    ConfigException error(String key, Object value, String expected) {
        return new ConfigException(source + ": " + keyPath(key) + " = " + show(value) + ": expected " + expected);
    }

    static String show(Object value) {
        if (value instanceof String) {
            return "\"" + value + "\"";
        }
        return String.valueOf(value);
    }

    private Object take(String key) {
        known.add(key);
        return values.get(key);
    }

    private <T> T record(String key, T value) {
        resolved.put(key, value);
        return value;
    }

    /** Marks a key as understood without reading it (the caller reads it through {@link #raw}). */
    void accept(String... keys) {
        known.addAll(Arrays.asList(keys));
    }

    Object raw(String key) {
        return take(key);
    }

    /** A key jdlio parses but that has no effect here, with the reason shown once. */
    void noEffect(String key, String why) {
        Object v = take(key);
        if (v != null) {
            record(key, v);
            notices.note(keyPath(key) + ": no effect in jdlio (" + why + ")");
        }
    }

    /**
     * A legacy key DLIO ignores but jdlio honours (docs/differences.md, "legacy keys"): its value is used for
     * {@code current} unless {@code current} is also given.
     */
    Object legacy(String legacyKey, String current) {
        Object v = take(legacyKey);
        if (v == null) {
            return null;
        }
        if (has(current)) {
            notices.note(keyPath(legacyKey) + " is the legacy name of " + keyPath(current)
                    + "; both are set, so " + keyPath(current) + " wins");
            return null;
        }
        notices.note(keyPath(legacyKey) + " is the legacy name of " + keyPath(current)
                + "; jdlio honours it (DLIO ignores it)");
        return v;
    }

    long longValue(String key, long def) {
        return record(key, toLong(key, take(key), def));
    }

    long longValue(String key, Object value, long def) {
        return record(key, toLong(key, value, def));
    }

    int integer(String key, int def) {
        return record(key, toInt(key, take(key), def));
    }

    private long toLong(String key, Object v, long def) {
        if (v == null) {
            return def;
        }
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger) {
            throw error(key, v, "a whole number that fits in 64 bits");
        }
        if (v instanceof Double && ((Double) v) == Math.rint((Double) v) && Math.abs((Double) v) < 9.0e15) {
            return ((Double) v).longValue();
        }
        throw error(key, v, "a whole number");
    }

    private int toInt(String key, Object v, int def) {
        long l = toLong(key, v, def);
        if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
            throw error(key, v, "a whole number below 2^31");
        }
        return (int) l;
    }

    double number(String key, double def) {
        return number(key, take(key), def);
    }

    /** Records the number as written (146600628 stays an integer in the resolved config). */
    double number(String key, Object value, double def) {
        double d = toDouble(key, value, def);
        resolved.put(key, value != null ? value : def);
        return d;
    }

    private double toDouble(String key, Object v, double def) {
        if (v == null) {
            return def;
        }
        if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            // YAML's .nan and .inf (and 1e999) are numbers, but no count, size or duration is infinite
            if (!Double.isFinite(d)) {
                throw error(key, v, "a finite number (.nan and .inf are not sizes or durations)");
            }
            return d;
        }
        throw error(key, v, "a number");
    }

    boolean bool(String key, boolean def) {
        Object v = take(key);
        if (v == null) {
            return record(key, def);
        }
        if (v instanceof Boolean) {
            return record(key, (Boolean) v);
        }
        // DLIO passes strings such as "true" along (s3_force_path_style); accept the unambiguous ones
        if (v instanceof String) {
            String s = ((String) v).trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return record(key, Boolean.parseBoolean(s));
            }
        }
        throw error(key, v, "true or false");
    }

    String string(String key, String def) {
        Object v = take(key);
        if (v == null) {
            return record(key, def);
        }
        if (v instanceof Map || v instanceof List) {
            throw error(key, v, "a single value");
        }
        return record(key, String.valueOf(v));
    }

    List<Integer> intList(String key) {
        Object v = take(key);
        if (v == null) {
            return record(key, List.of());
        }
        if (!(v instanceof List)) {
            throw error(key, v, "a list of whole numbers, e.g. [128, 128]");
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            long l = toLong(key, o, 0);
            if (!(o instanceof Number) || l < 0 || l > Integer.MAX_VALUE) {
                throw error(key, v, "a list of non-negative whole numbers below 2^31");
            }
            out.add((int) l);
        }
        return record(key, List.copyOf(out));
    }

    List<Long> longList(String key) {
        Object v = take(key);
        if (v == null) {
            return record(key, List.of());
        }
        if (!(v instanceof List)) {
            throw error(key, v, "a list of whole numbers");
        }
        List<Long> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            // parameter and group counts: a negative one would shrink a checkpoint below what it holds
            if (!(o instanceof Number) || toLong(key, o, 0) < 0) {
                throw error(key, v, "a list of non-negative whole numbers");
            }
            out.add(toLong(key, o, 0));
        }
        return record(key, List.copyOf(out));
    }

    <E extends Enum<E> & YamlEnum> E choice(String key, E def, Class<E> type) {
        Object v = take(key);
        if (v == null) {
            return record(key, def == null ? null : def.yamlName()) == null ? null : def;
        }
        E e = lookup(v, type);
        if (e == null) {
            throw error(key, v, "one of " + Arrays.stream(type.getEnumConstants())
                    .map(YamlEnum::yamlName).collect(Collectors.joining(", ")));
        }
        record(key, e.yamlName());
        return e;
    }

    static <E extends Enum<E> & YamlEnum> E lookup(Object v, Class<E> type) {
        String s = String.valueOf(v).trim();
        // PyYAML turns a bare "off"/"none" into False/None; DLIO's enums then see the string form
        if (v instanceof Boolean) {
            s = ((Boolean) v) ? "on" : "off";
        }
        for (E e : type.getEnumConstants()) {
            if (e.yamlName().equalsIgnoreCase(s)) {
                return e;
            }
        }
        return null;
    }

    ElementType elementType(String key, ElementType def) {
        Object v = take(key);
        if (v == null) {
            record(key, def.numpyName());
            return def;
        }
        ElementType t = ElementType.parse(String.valueOf(v));
        if (t == null) {
            throw error(key, v, "a numpy dtype name such as uint8, int8, float16, float32, int64");
        }
        record(key, t.numpyName());
        return t;
    }

    /**
     * DLIO's emulated time forms (docs/config-keys.md, "Reading rules"), with the optional sibling {@code <key>_stdev}.
     */
    TimeSpec time(String key) {
        Object v = take(key);
        Object stdev = take(key + "_stdev");
        TimeSpec t = parseTime(key, v);
        if (stdev != null) {
            double s = toDouble(key + "_stdev", stdev, 0);
            if (s < 0) {
                throw error(key + "_stdev", stdev, "0 or more seconds");
            }
            if (s > TimeSpec.MAX_SECONDS) {
                throw error(key + "_stdev", stdev, tooLong());
            }
            if (t.kind() == TimeSpec.Kind.CONSTANT || t.kind() == TimeSpec.Kind.NORMAL) {
                t = new TimeSpec(TimeSpec.Kind.NORMAL, t.a(), s);
            }
        }
        String problem = t.problem();
        if (problem != null) {
            throw error(key, v, problem);
        }
        boolean negative = v instanceof Number n ? n.doubleValue() < 0
                : (t.kind() == TimeSpec.Kind.CONSTANT || t.kind() == TimeSpec.Kind.NORMAL) && t.a() < 0;
        if (negative) {
            // DLIO waits the absolute value; a minus sign is more likely a slip than a wish
            notices.warn(keyPath(key) + " = " + v + " is negative: " + Math.abs(t.a()) + " s is waited (its "
                    + "absolute value, as DLIO does); drop the minus sign if that is what you meant");
        }
        record(key, t.describe());
        return t;
    }

    /** The bound on one emulated duration, with the reason, for messages. */
    static String tooLong() {
        return "at most " + (long) TimeSpec.MAX_SECONDS + " seconds (an emulated step, sample or checkpoint pause "
                + "of over an hour is no real workload's and would sleep past JMH's iteration timeout)";
    }

    private TimeSpec parseTime(String key, Object v) {
        if (v == null) {
            return TimeSpec.NONE;
        }
        if (v instanceof Number) {
            return TimeSpec.constant(Math.abs(toDouble(key, v, 0)));
        }
        if (!(v instanceof Map)) {
            throw error(key, v, "seconds as a number, or a dict such as {mean: 0.1, stdev: 0.01} "
                    + "or {type: uniform, min: 0.1, max: 0.2}");
        }
        Map<?, ?> m = (Map<?, ?>) v;
        Object type = m.get("type");
        if (type == null) {
            if (!m.containsKey("mean")) {
                if (m.isEmpty()) {
                    return TimeSpec.NONE;
                }
                throw error(key, v, "a dict with mean (and optionally stdev), or with a type");
            }
            double mean = toDouble(key + ".mean", m.get("mean"), 0);
            Object sd = m.get("stdev");
            return sd == null ? TimeSpec.constant(mean)
                    : new TimeSpec(TimeSpec.Kind.NORMAL, mean, toDouble(key + ".stdev", sd, 0));
        }
        switch (String.valueOf(type).toLowerCase(Locale.ROOT)) {
            case "normal":
                return new TimeSpec(TimeSpec.Kind.NORMAL, need(key, m, "mean"), opt(key, m, "stdev"));
            case "uniform":
                return new TimeSpec(TimeSpec.Kind.UNIFORM, need(key, m, "min"), need(key, m, "max"));
            case "gamma":
                return new TimeSpec(TimeSpec.Kind.GAMMA, need(key, m, "shape"), need(key, m, "scale"));
            case "exponential":
                return new TimeSpec(TimeSpec.Kind.EXPONENTIAL, need(key, m, "scale"), 0);
            case "poisson":
                return new TimeSpec(TimeSpec.Kind.POISSON, need(key, m, "lam"), 0);
            default:
                throw error(key + ".type", type, "one of normal, uniform, gamma, exponential, poisson");
        }
    }

    private double need(String key, Map<?, ?> m, String field) {
        if (!m.containsKey(field)) {
            throw error(key, m, "a " + field + " entry for type " + m.get("type"));
        }
        return toDouble(key + "." + field, m.get(field), 0);
    }

    private double opt(String key, Map<?, ?> m, String field) {
        return toDouble(key + "." + field, m.get(field), 0);
    }

    /** A nested mapping; absent means empty, so every key inside takes its default. */
    Section section(String key) {
        Object v = take(key);
        Map<String, Object> map = asMap(key, v);
        Map<String, Object> sub = new LinkedHashMap<>();
        resolved.put(key, sub);
        Section s = new Section(source, keyPath(key), map, notices, sub);
        children.add(s);
        return s;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> asMap(String key, Object v) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map)) {
            throw error(key, v, "a section (a mapping of keys to values)");
        }
        for (Object k : ((Map<Object, Object>) v).keySet()) {
            if (!(k instanceof String)) {
                throw error(key, v, "keys that are names, not " + show(k));
            }
        }
        return (Map<String, Object>) v;
    }

    /** Warns, for this section and those read from it, about every key nobody asked for. */
    void finish() {
        for (String key : values.keySet()) {
            if (!known.contains(key)) {
                String hint = Levenshtein.closest(key, known).map(k -> "; did you mean '" + k + "'?").orElse("");
                notices.warn(source + ": unknown key '" + keyPath(key) + "' is ignored" + hint);
            }
        }
        for (Section child : children) {
            child.finish();
        }
    }
}
