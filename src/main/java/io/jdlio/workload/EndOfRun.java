package io.jdlio.workload;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a trial leaves for the launcher to print once JMH's result table is out: its output folder (whose DLIO
 * log ends with the {@code [METRIC]} block) and where it put things. Printed by the fork, the block landed
 * between an iteration's header and its score, above JMH's histograms and table, where nobody looks.
 *
 * <p>The launcher names a file in system property {@value #PROPERTY}; each trial appends tab-separated lines
 * to it: {@code output <folder> <log file>} and {@code note <folder> <text>}. Trials run one after another, so
 * appends do not interleave. Without the property (JMH run without the launcher) the trial prints as before.
 */
public final class EndOfRun {
    /** The system property naming the file trials append to. */
    public static final String PROPERTY = "jdlio.results";
    private static final String AVERAGED = "[OUTPUT] Averaged metric over all steps/epochs";

    private EndOfRun() {
    }

    /** Whether a launcher collects the trials' results, so the trial prints none itself. */
    public static boolean collected() {
        String p = System.getProperty(PROPERTY);
        return p != null && !p.isBlank();
    }

    /** Records a trial's output folder and its notes; prints them at once when no launcher collects them. */
    public static void report(Path folder, String logFile, List<String> notes) throws IOException {
        Path abs = folder.toAbsolutePath().normalize();
        if (!collected()) {
            print(System.out, abs, logFile, notes);
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("output\t").append(abs).append('\t').append(logFile).append('\n');
        for (String n : notes) {
            b.append("note\t").append(abs).append('\t').append(n.replace('\n', ' ')).append('\n');
        }
        Files.writeString(Path.of(System.getProperty(PROPERTY)), b.toString(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * Prints what the trials recorded in {@code results}, one block per output folder in the order the folders
     * were first written; a folder written by two trials (a checkpoint run's saves, then its loads) once, as
     * its last trial left it.
     */
    public static void printCollected(Path results, PrintStream out) throws IOException {
        if (!Files.isRegularFile(results)) {
            return;
        }
        Map<Path, String> logs = new LinkedHashMap<>();
        Map<Path, Set<String>> notes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", 3);
            if (f.length < 3) {
                continue;
            }
            Path folder = Path.of(f[1]);
            notes.computeIfAbsent(folder, k -> new LinkedHashSet<>());
            if (f[0].equals("output")) {
                logs.put(folder, f[2]);
            } else {
                notes.get(folder).add(f[2]);
            }
        }
        for (Map.Entry<Path, String> e : logs.entrySet()) {
            print(out, e.getKey(), e.getValue(), new ArrayList<>(notes.get(e.getKey())));
        }
    }

    private static void print(PrintStream out, Path folder, String logFile, List<String> notes) throws IOException {
        out.println();
        out.print(metricBlock(folder.resolve(logFile)));
        for (String n : notes) {
            out.println("[jdlio] " + n);
        }
        out.println("[jdlio] DLIO outputs: " + folder);
        out.flush();
    }

    /** The {@code [METRIC]} block at the end of a DLIO log: everything after its "Averaged metric" line. */
    static String metricBlock(Path log) throws IOException {
        if (!Files.isRegularFile(log)) {
            return "";
        }
        String text = Files.readString(log, StandardCharsets.UTF_8);
        int at = text.lastIndexOf(AVERAGED);
        return at < 0 ? "" : text.substring(at + AVERAGED.length()).stripLeading();
    }
}
