package io.jdlio.storage;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of jdlio's temporary files, {@code .<name>.jdlio-<pid>-<n>.tmp}: a dot-name in the target's folder
 * so the rename that publishes it stays atomic and listings by extension skip it. The pid tells a later run
 * whether the writer is still alive.
 */
public final class TemporaryNames {
    private static final Pattern NAME = Pattern.compile("\\..+\\.jdlio-(\\d+)-\\d+\\.tmp");

    private TemporaryNames() {
    }

    static String of(String target, long pid, long n) {
        return "." + target + ".jdlio-" + pid + "-" + n + ".tmp";
    }

    /** The writer's pid when {@code name} is one of jdlio's temporary names, else empty. */
    public static OptionalLong pid(String name) {
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(m.group(1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** True for a jdlio temporary whose writer is no longer alive on this host: a leftover of an interrupted run. */
    public static boolean isLeftover(String name) {
        OptionalLong pid = pid(name);
        return pid.isPresent() && pid.getAsLong() != ProcessHandle.current().pid()
                && !ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false);
    }
}
