package io.jdlio.workload;

import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code <checkpoint_folder>/.jdlio-checkpoints}: the checkpoint folders ({@code global_epoch<E>_step<S>}) jdlio
 * wrote there, one name a line. A checkpoint folder that exists and is not listed is someone else's: jdlio
 * neither writes into it nor deletes it. A session deletes only what it wrote itself, so checkpoints of an
 * earlier training run stay, and a folder left with no checkpoint of jdlio's loses its ledger too.
 */
final class CheckpointLedger {
    static final String NAME = ".jdlio-checkpoints";

    private final Storage storage;
    private final String folder;
    private final Set<String> mine = new LinkedHashSet<>();

    CheckpointLedger(Storage storage, String folder) {
        this.storage = storage;
        this.folder = folder;
    }

    private String path() {
        return folder + "/" + NAME;
    }

    /** Records that this session writes checkpoint {@code name}; fails when that folder is not jdlio's. */
    synchronized void claim(String name) throws IOException {
        claim(name, false);
    }

    /**
     * {@code shared}: other processes of this run (on other hosts) write into the checkpoint too and may have
     * made its folder first, so a folder that exists is not taken for someone else's.
     */
    synchronized void claim(String name, boolean shared) throws IOException {
        if (mine.contains(name)) {
            return;
        }
        Set<String> listed = read();
        if (!shared && !listed.contains(name) && storage.list(folder).contains(name)) {
            throw new WorkloadException("checkpoint.checkpoint_folder: " + storage.describe(folder + "/" + name)
                    + " exists and jdlio did not write it (" + NAME + " does not list it); move it away or point "
                    + "checkpoint.checkpoint_folder elsewhere");
        }
        listed.add(name);
        write(listed);
        mine.add(name);
    }

    /** The checkpoints this session wrote and has not deleted, oldest first. */
    synchronized List<String> own() {
        return List.copyOf(mine);
    }

    synchronized boolean owns(String name) {
        return mine.contains(name);
    }

    /** Forgets checkpoint {@code name} once its folder is deleted. */
    synchronized void release(String name) throws IOException {
        mine.remove(name);
        Set<String> listed = read();
        if (listed.remove(name)) {
            write(listed);
        }
    }

    private Set<String> read() throws IOException {
        Set<String> names = new LinkedHashSet<>();
        if (storage.size(path()).isEmpty()) {
            return names;
        }
        try (ObjectReader r = storage.open(path())) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(r.size(), 16 << 20));
            while (b.hasRemaining() && r.read(b.position(), b) > 0) {
                // reads until the buffer is full or the ledger ends
            }
            for (String line : new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).split("\n")) {
                String n = line.strip();
                if (!n.isEmpty() && !n.startsWith("#")) {
                    names.add(n);
                }
            }
        }
        return names;
    }

    private void write(Set<String> names) throws IOException {
        if (names.isEmpty()) {
            storage.delete(path());
            return;
        }
        StringBuilder text = new StringBuilder("# written by jdlio: the checkpoints it wrote in this folder; "
                + "it deletes only these\n");
        for (String n : names) {
            text.append(n).append('\n');
        }
        try (ObjectWriter w = storage.create(path())) {
            w.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            // not fsynced: checkpoint.fsync counts the checkpoint's files, and a ledger lost in a crash only
            // makes the next run refuse the folder it no longer vouches for, never delete it
            w.commit(false);
        }
    }
}
