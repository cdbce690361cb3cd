package io.jdlio.workload;

import io.jdlio.config.DatasetConfig;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code <data_folder>/.jdlio-ledger}: one line per object a generation committed, its size and its path
 * relative to the data folder, appended the moment the object is published. Appending as files land (rather
 * than listing sizes when the manifest is marked complete) keeps the record true whatever point a run is
 * interrupted at, with many writers: a file is either recorded with the size it was written with, or
 * unrecorded and regenerated. The first line names the fingerprint the entries belong to; the last entry of
 * a path wins. It is also the list of what jdlio wrote, and so of what it may delete.
 */
final class SizeLedger {
    static final String NAME = ".jdlio-ledger";
    private static final String HEADER = "# jdlio ledger: size<TAB>path of each object written for ";

    private SizeLedger() {
    }

    static String path(DatasetConfig d) {
        return d.dataFolder() + "/" + NAME;
    }

    /** Starts an empty ledger for the dataset the fingerprint describes. */
    static void start(Storage storage, DatasetConfig d) throws IOException {
        storage.delete(path(d));
        storage.append(path(d), (HEADER + DatasetManifest.fingerprint(d) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Records one committed object; {@code relative} is its path below the data folder. */
    static void record(Storage storage, DatasetConfig d, String relative, long size) throws IOException {
        storage.append(path(d), (size + "\t" + relative + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Path to recorded size, for the dataset {@code d} describes; null when there is no ledger or it belongs
     * to another fingerprint.
     */
    static Map<String, Long> read(Storage storage, DatasetConfig d) throws IOException {
        String text = text(storage, path(d));
        if (text == null || !text.startsWith(HEADER + DatasetManifest.fingerprint(d) + "\n")) {
            return null;
        }
        return entries(text);
    }

    /** Every path a ledger in {@code folder} records, whatever dataset it was for: what jdlio wrote there. */
    static Set<String> written(Storage storage, String folder) throws IOException {
        String text = text(storage, folder + "/" + NAME);
        return text == null || !text.startsWith(HEADER) ? Set.of() : entries(text).keySet();
    }

    /** Path to size of every object a ledger in {@code folder} records, whatever dataset it was for. */
    static Map<String, Long> writtenSizes(Storage storage, String folder) throws IOException {
        String text = text(storage, folder + "/" + NAME);
        return text == null || !text.startsWith(HEADER) ? Map.of() : entries(text);
    }

    private static String text(Storage storage, String path) throws IOException {
        if (storage.size(path).isEmpty()) {
            return null;
        }
        try (ObjectReader r = storage.open(path)) {
            if (r.size() > Integer.MAX_VALUE - 16) {
                throw new IOException(storage.describe(path) + " is larger than any ledger jdlio writes");
            }
            ByteBuffer b = ByteBuffer.allocate((int) r.size());
            r.read(0, b);
            return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
        }
    }

    /** The entries after the header; a torn last line (a run killed mid-append) is skipped. */
    private static Map<String, Long> entries(String text) {
        Map<String, Long> sizes = new HashMap<>();
        String[] lines = text.split("\n", -1);
        // the last element follows the final newline: empty, or a line whose append was cut off
        for (int i = 1; i < lines.length - 1; i++) {
            int tab = lines[i].indexOf('\t');
            if (tab <= 0) {
                continue;
            }
            try {
                sizes.put(lines[i].substring(tab + 1), Long.parseLong(lines[i].substring(0, tab)));
            } catch (NumberFormatException e) {
                // not a line jdlio wrote whole
            }
        }
        return sizes;
    }
}
