package io.jdlio.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks of the local folders a workload names, made when it is loaded so that a run fails or warns before
 * any work: a name the JVM cannot make a path of, a data folder that is a file, and a data folder that is a
 * system folder or the home folder, where generation would write train/ and valid/ among the user's files.
 */
final class FolderChecks {
    /** Folders of the operating system; a dataset in one of them is almost surely a typo or a missing prefix. */
    private static final List<String> SYSTEM = List.of("/", "/bin", "/boot", "/dev", "/etc", "/home", "/lib",
            "/lib64", "/proc", "/root", "/sbin", "/sys", "/usr", "/usr/bin", "/usr/lib", "/usr/local", "/var");

    private FolderChecks() {
    }

    static void check(Workload w, boolean usesData) {
        if (w.storage().storageType() != StorageType.LOCAL_FS) {
            return; // bucket prefixes, not local paths
        }
        String src = w.source();
        Path data = path(src, "dataset.data_folder", w.dataset().dataFolder());
        path(src, "checkpoint.checkpoint_folder", w.checkpoint().checkpointFolder());
        if (w.output().folder() != null) {
            path(src, "output.folder", w.output().folder());
        }
        if (!usesData) {
            return;
        }
        if (Files.isRegularFile(data)) {
            throw new ConfigException(src + ": dataset.data_folder = \"" + w.dataset().dataFolder() + "\": is a "
                    + "file; expected a folder (or a path that does not exist yet) to hold train/ and valid/");
        }
        String special = special(data);
        if (special != null) {
            w.notices().warn(src + ": dataset.data_folder = \"" + w.dataset().dataFolder() + "\" is " + special
                    + "; generation would write train/ and valid/ there, among files that are not jdlio's: "
                    + "give the dataset a folder of its own");
        }
    }

    /** What the folder is when it is a system folder or the home folder, else null. */
    static String special(Path folder) {
        Path p = folder.toAbsolutePath().normalize();
        try {
            if (Files.exists(p)) {
                p = p.toRealPath(); // a link to / is / too
            }
        } catch (IOException | SecurityException e) {
            // the lexical path is checked instead
        }
        String home = System.getProperty("user.home");
        if (home != null && !home.isEmpty() && p.equals(Path.of(home).toAbsolutePath().normalize())) {
            return "the home folder (" + p + ")";
        }
        return SYSTEM.contains(p.toString()) ? "a system folder (" + p + ")" : null;
    }

    private static Path path(String src, String key, String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new ConfigException(src + ": " + key + " = \"" + value + "\": cannot be used as a path here ("
                    + e.getReason() + "): the JVM's file name encoding is " + System.getProperty("sun.jnu.encoding")
                    + "; run under a UTF-8 locale (e.g. LANG=C.UTF-8) or use an ASCII path");
        }
    }
}
