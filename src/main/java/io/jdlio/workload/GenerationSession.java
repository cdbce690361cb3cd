package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.FolderLock;
import io.jdlio.storage.Storage;
import io.jdlio.storage.TemporaryNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Set;
import java.util.TreeSet;

/**
 * Timed generation: each run writes the whole dataset into a folder beside the configured one
 * ({@code <data_folder>.jdlio-generate}), which is emptied between runs and never touches the real dataset.
 * jdlio deletes there only what its ledger says it wrote; a folder holding anything else is refused, and
 * the folder is held exclusively for the whole trial.
 */
public final class GenerationSession implements AutoCloseable {
    private static final String LOCK = ".jdlio-lock";

    private final Workload workload;
    private final DatasetPlan plan;
    private final Storage storage;
    private final FileFormat format;
    private final String dataFolder;
    /** The folder as messages name it. */
    private final String folder;
    private final long bytes;
    private FolderLock lock;
    /** Across hosts, rank 0's process holds and cleans the folder; every process writes its share. */
    private final io.jdlio.cluster.Cluster cluster;

    /** {@code run} names the configured data folder; the session writes beside it. */
    public GenerationSession(WorkloadRun configured) {
        WorkloadRun run = configured.forTimedGeneration();
        this.workload = run.workload();
        run.requireRunnable();
        this.plan = run.datasetPlan();
        this.storage = run.openStorage();
        this.format = run.format();
        this.dataFolder = workload.dataset().dataFolder();
        this.folder = storage.describe(dataFolder);
        this.bytes = Datasets.bytes(plan, format, Split.TRAIN) + Datasets.bytes(plan, format, Split.VALID);
        this.cluster = run.ranks().cluster();
        if (cluster.rank() == 0) {
            prepareFolder();
        }
        together();
    }

    private void together() {
        if (cluster.distributed()) {
            cluster.barrier();
        }
    }

    private void prepareFolder() {
        try {
            if (storage.traits().hasFolders() && storage.size(dataFolder).isPresent() && !storage.isFolder(dataFolder)) {
                throw new WorkloadException(folder + " is a file, but the generation benchmark writes its dataset in "
                        + "a folder of that name (dataset.data_folder + .jdlio-generate): move the file away");
            }
            storage.makeFolder(dataFolder);
            // held first: another run's files in the making are its, and it is named as the holder
            this.lock = Generation.lockFolder(storage, dataFolder, true, "generation benchmark");
            try {
                requireOnlyOurs();
            } catch (RuntimeException | IOException e) {
                lock.close();
                throw e;
            }
        } catch (IOException e) {
            throw new WorkloadException("cannot prepare " + folder + " for the generation benchmark: "
                    + Generation.describe(e), e);
        }
    }

    public long datasetBytes() {
        return bytes;
    }

    /** Writes every file of the dataset with all cores. */
    public Generation.Result generate() throws IOException {
        return new Generation(workload, plan, storage, format, Runtime.getRuntime().availableProcessors(), cluster)
                .regenerate(null);
    }

    /**
     * Refuses a folder that holds anything jdlio did not write there: its ledger's files, its manifest, ledger
     * and lock records, and temporary files of runs that are gone. Folders themselves are not files to lose.
     */
    private void requireOnlyOurs() throws IOException {
        Set<String> ours = SizeLedger.written(storage, dataFolder);
        for (String relative : storage.walk(dataFolder)) {
            String name = relative.substring(relative.lastIndexOf('/') + 1);
            boolean record = relative.equals(DatasetManifest.NAME) || relative.equals(SizeLedger.NAME)
                    || relative.equals(LOCK) || relative.startsWith(LOCK + ".");
            if (!record && !ours.contains(relative) && !TemporaryNames.isLeftover(name)) {
                throw new WorkloadException(folder + " holds " + storage.describe(dataFolder + "/" + relative)
                        + ", which jdlio did not write; the generation benchmark writes and deletes its own files in "
                        + "that folder, and deletes nothing else: move what is yours out of it (or delete the folder "
                        + "yourself) and rerun");
            }
        }
    }

    /** Deletes what the ledger says the last generation wrote, its records and leftovers; nothing else. */
    public void clean() throws IOException {
        // across hosts: rank 0's process cleans while the others wait, before and after
        together();
        if (cluster.rank() == 0) {
            cleanFolder();
        }
        together();
    }

    private void cleanFolder() throws IOException {
        // lexical only: the folder's place on storage does not matter to a path that climbs out of it
        Path root = Path.of("/folder");
        for (String relative : SizeLedger.written(storage, dataFolder)) {
            // a ledger line that points outside the folder is not one jdlio wrote
            if (root.resolve(relative).normalize().startsWith(root)) {
                storage.delete(dataFolder + "/" + relative);
            }
        }
        storage.delete(dataFolder + "/" + DatasetManifest.NAME);
        storage.delete(dataFolder + "/" + SizeLedger.NAME);
        storage.removeLeftovers(dataFolder, 4);
    }

    /** Empties the folder of jdlio's files, lets it go, and removes the folders left empty. */
    @Override
    public void close() throws IOException {
        together();
        if (cluster.rank() != 0) {
            storage.close();
            return;
        }
        Set<String> written = SizeLedger.written(storage, dataFolder);
        try {
            try {
                cleanFolder();
            } finally {
                if (lock != null) {
                    lock.close();
                    lock = null;
                }
            }
            // after the lock is let go: its record is in the folder
            removeEmptyFolders(written);
        } finally {
            storage.close();
        }
    }

    /** The folders the plan lays out, and the benchmark's folder, where they are empty. */
    private void removeEmptyFolders(Set<String> written) throws IOException {
        Set<String> folders = new TreeSet<>();
        for (String relative : written) {
            for (int at = relative.lastIndexOf('/'); at > 0; at = relative.lastIndexOf('/', at - 1)) {
                folders.add(dataFolder + "/" + relative.substring(0, at));
            }
        }
        for (Split split : Split.values()) {
            for (String f : plan.folders(split)) {
                folders.add(dataFolder + "/" + f);
            }
        }
        folders.add(dataFolder);
        storage.removeEmptyFolders(new ArrayList<>(folders));
    }
}
