package io.jdlio.config;

import java.util.Collection;
import java.util.Optional;

/** Picks the known key a misspelt one most likely meant. */
final class Levenshtein {
    private Levenshtein() {
    }

    static Optional<String> closest(String key, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(key.toLowerCase(), c.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        // beyond half the key's length the "suggestion" is noise
        if (best == null || bestDistance > Math.max(2, key.length() / 2)) {
            return Optional.empty();
        }
        return Optional.of(best);
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
