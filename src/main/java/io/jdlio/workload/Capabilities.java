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
            out.add("dataset.format " + w.dataset().format().yamlName() + " is not yet supported (npz and npy are)");
        }
        if (w.storage().storageType() != StorageType.LOCAL_FS) {
            out.add("storage.storage_type " + w.storage().storageType().yamlName()
                    + " is not yet supported (local_fs is)");
        }
        if (w.workflow().checkpoint()) {
            out.add("workflow.checkpoint: checkpointing is not yet supported; "
                    + (w.workflow().train() ? "training runs without checkpoints" : "there is nothing to run"));
        }
        return out;
    }

    /** Fails with every blocking gap named, when the workload's data path cannot run here. */
    public static void requireRunnable(Workload w) {
        List<String> blocking = new ArrayList<>();
        for (String gap : notYetSupported(w)) {
            if (!gap.startsWith("workflow.checkpoint") || !w.workflow().train()) {
                blocking.add(gap);
            }
        }
        if (!blocking.isEmpty()) {
            throw new WorkloadException(w.source() + ": " + String.join("; ", blocking));
        }
    }
}
