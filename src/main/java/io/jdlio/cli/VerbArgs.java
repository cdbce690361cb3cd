package io.jdlio.cli;

import io.jdlio.config.ConfigException;
import java.util.ArrayList;
import java.util.List;

/** {@code <yaml> [--accelerators N] [overrides...]}, the arguments of validate and generate. */
record VerbArgs(String config, int accelerators, boolean acceleratorsGiven, List<String> overrides) {

    static VerbArgs parse(String verb, List<String> args) {
        String config = null;
        int accelerators = 1;
        boolean given = false;
        List<String> overrides = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--accelerators") || a.equals("-n")) {
                if (i + 1 >= args.size()) {
                    throw new ConfigException(verb + ": " + a + " needs a number");
                }
                accelerators = parseCount(verb, args.get(++i));
                given = true;
            } else if (a.startsWith("--accelerators=")) {
                accelerators = parseCount(verb, a.substring("--accelerators=".length()));
                given = true;
            } else if (a.contains("=")) {
                overrides.add(a);
            } else if (config == null && !a.startsWith("-")) {
                config = a;
            } else {
                throw new ConfigException(verb + ": unexpected argument '" + a + "'; usage: " + verb
                        + " <workload.yaml> [--accelerators N] [key=value ...]");
            }
        }
        if (config == null) {
            throw new ConfigException(verb + ": no workload given; usage: " + verb
                    + " <workload.yaml> [--accelerators N] [key=value ...]");
        }
        return new VerbArgs(config, accelerators, given, overrides);
    }

    private static int parseCount(String verb, String s) {
        try {
            int n = Integer.parseInt(s);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new ConfigException(verb + ": --accelerators " + s + ": expected a whole number of at least 1");
    }
}
