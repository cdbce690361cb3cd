package io.jdlio.workload;

import io.jdlio.config.Framework;
import io.jdlio.config.StorageType;
import io.jdlio.config.Workload;
import io.jdlio.format.Formats;
import java.util.ArrayList;
import java.util.List;

/** What of a valid workload jdlio cannot run yet; validate reports it, runs refuse the blocking part up front. */
public final class Capabilities {
    private Capabilities() {
    }

    /** Something jdlio does not do yet; a blocking gap stops the run, the others only change what it does. */
    public record Gap(String message, boolean blocking) {
    }

    public static List<Gap> notYetSupported(Workload w) {
        List<Gap> out = new ArrayList<>();
        boolean needsData = w.workflow().train() || w.workflow().generateData();
        if (needsData && Formats.descriptor(w.dataset().format()).isEmpty()) {
            out.add(new Gap("dataset.format " + w.dataset().format().yamlName() + " is not yet supported ("
                    + Formats.supported() + " are)", true));
        }
        if (!StorageBackends.has(w.storage().storageType())) {
            out.add(new Gap("storage.storage_type " + w.storage().storageType().yamlName()
                    + " is not yet supported (" + StorageBackends.supported() + ")", true));
        }
        if (needsData) {
            Formats.descriptor(w.dataset().format()).ifPresent(f -> f.gaps(w.dataset())
                    .forEach(g -> out.add(new Gap(g, false))));
        }
        if (w.workflow().checkpoint() && w.framework() == Framework.TENSORFLOW) {
            out.add(new Gap("framework tensorflow: checkpoints get DLIO's names with .pb, one file per state; "
                    + "TensorFlow's .index/.data layout is not yet supported", false));
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
        List<String> blocking = notYetSupported(w).stream().filter(Gap::blocking).map(Gap::message).toList();
        if (!blocking.isEmpty()) {
            throw new WorkloadException(w.source() + ": " + String.join("; ", blocking));
        }
    }
}
