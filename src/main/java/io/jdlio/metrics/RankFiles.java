package io.jdlio.metrics;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Output files (name to text) as one byte string, to travel between hosts; NUL separates, as JSON has none. */
final class RankFiles {
    private RankFiles() {
    }

    static byte[] encode(Map<String, String> files) {
        StringBuilder sb = new StringBuilder();
        files.forEach((name, text) -> sb.append(name).append('\0').append(text).append('\0'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Map<String, String> decode(byte[] bytes) {
        Map<String, String> files = new LinkedHashMap<>();
        String[] parts = new String(bytes, StandardCharsets.UTF_8).split("\0", -1);
        for (int i = 0; i + 1 < parts.length; i += 2) {
            files.put(parts[i], parts[i + 1]);
        }
        return files;
    }
}
