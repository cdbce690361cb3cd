package io.jdlio.workload;

import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.format.FileTarget;
import io.jdlio.format.FileSpec;
import io.jdlio.format.Formats;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.Storage;

/** Builds the storage, format and file specs a workload's dataset needs. */
public final class Datasets {
    /** Seed of every dataset's contents; fixed so a dataset is reproducible whatever the train seed. */
    public static final long CONTENT_SEED = 10;

    private Datasets() {
    }

    public static Storage storage(Workload w) {
        Capabilities.requireDataStorage(w);
        return StorageBackends.openData(w).orElseThrow();
    }

    /**
     * Where checkpoints go: the checkpoint folder's scheme, else the storage type's. DLIO writes a local
     * {@code checkpoint_folder} relative to the working directory, not to storage_root; an object store
     * resolves it in its bucket.
     */
    public static Storage checkpointStorage(Workload w) {
        Capabilities.requireCheckpointStorage(w);
        return StorageBackends.openCheckpoints(w).orElseThrow();
    }

    public static FileFormat format(Workload w) {
        return Formats.of(w.dataset()).orElseThrow(() -> new WorkloadException(w.source()
                + ": dataset.format " + w.dataset().format().yamlName() + " is not yet supported ("
                + io.jdlio.format.Formats.supported() + " are)"));
    }

    public static FileSpec spec(DatasetPlan plan, Split split, int index) {
        return new FileSpec(plan.sampleShape(split, index), plan.samplesPerFile(), plan.elementType());
    }

    /** Where a file lives: the data folder, its split, its relative path. */
    public static FileTarget target(DatasetPlan plan, Split split, int index) {
        return new FileTarget(plan.config().dataFolder(), split.folder(), plan.relativePath(split, index));
    }

    /** The object path of a file: the data folder joined with its relative path. */
    public static String path(DatasetPlan plan, Split split, int index) {
        return target(plan, split, index).path();
    }

    /** Bytes of one data object: exact, or the payload where only writing tells (compressed images). */
    public static long size(DatasetPlan plan, FileFormat format, Split split, int index) {
        long exact = format.fileSize(spec(plan, split, index));
        return exact >= 0 ? exact : plan.payloadBytes(split, index);
    }

    /**
     * True when the dataset's sizes are estimates: the format knows a file's size only after writing it
     * (compressed images, npz, hdf5, parquet), so plans show the payload instead.
     */
    public static boolean estimated(DatasetPlan plan, FileFormat format) {
        for (Split split : Split.values()) {
            if (plan.fileCount(split) > 0) {
                return format.fileSize(spec(plan, split, 0)) < 0;
            }
        }
        return false;
    }

    /** Total bytes of a split's data objects on storage (payload where sizes are known only after writing). */
    public static long bytes(DatasetPlan plan, FileFormat format, Split split) {
        long total = 0;
        for (int i = 0; i < plan.fileCount(split); i++) {
            total += size(plan, format, split, i);
        }
        return total;
    }
}
