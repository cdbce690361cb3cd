package io.jdlio.workload;

import io.jdlio.config.StorageType;
import io.jdlio.config.Workload;
import io.jdlio.format.Formats;
import java.util.ArrayList;
import java.util.List;

/** What of a valid workload jdlio cannot run yet; validate reports it, runs refuse it up front. */
public final class Capabilities {
    private Capabilities() {
    }

    public static List<String> notYetSupported(Workload w) {
        List<String> out = new ArrayList<>();
        boolean needsData = w.workflow().train() || w.workflow().generateData();
        if (needsData && Formats.of(w.dataset().format()).isEmpty()) {
            out.add("dataset.format " + w.dataset().format().yamlName() + " is not yet supported ("
                    + Formats.supported() + " are)");
        }
        if (w.storage().storageType() != StorageType.LOCAL_FS) {
            out.add("storage.storage_type " + w.storage().storageType().yamlName()
                    + " is not yet supported (local_fs is)");
        }
        if (needsData && !w.dataset().hdf5().maxShape().isEmpty() && w.dataset().format() == io.jdlio.config.DataFormat.HDF5) {
            out.add("dataset.hdf5.max_shape: resizable datasets are not yet supported; files get fixed shapes");
        }
        if (w.workflow().checkpoint() && w.framework() == io.jdlio.config.Framework.TENSORFLOW) {
            out.add("framework tensorflow: checkpoints are written with PyTorch's file names (.pt); "
                    + "TensorFlow's .index/.data layout is not yet supported");
        }
        return out;
    }

    /** Checkpoints go to local files for now; object stores come with their storage backends. */
    public static void requireCheckpointStorage(Workload w) {
        if (w.storage().storageType() != StorageType.LOCAL_FS) {
            throw new WorkloadException(w.source() + ": checkpoints on storage.storage_type "
                    + w.storage().storageType().yamlName() + " are not yet supported (local_fs is)");
        }
    }

    /** Fails with every blocking gap named, when the workload's data path cannot run here. */
    public static void requireRunnable(Workload w) {
        List<String> blocking = new ArrayList<>();
        for (String gap : notYetSupported(w)) {
            if (!gap.startsWith("framework tensorflow") && !gap.startsWith("dataset.hdf5.max_shape")) {
                blocking.add(gap);
            }
        }
        if (!blocking.isEmpty()) {
            throw new WorkloadException(w.source() + ": " + String.join("; ", blocking));
        }
    }
}
