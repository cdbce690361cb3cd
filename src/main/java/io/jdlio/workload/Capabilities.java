package io.jdlio.workload;

import io.jdlio.config.Framework;
import io.jdlio.config.Workload;
import io.jdlio.format.FormatDescriptor;
import io.jdlio.format.Formats;
import io.jdlio.storage.Scheme;
import io.jdlio.storage.StorageTraits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
        Optional<Scheme> data = StorageBackends.dataScheme(w);
        if (needsData && !StorageBackends.has(data)) {
            out.add(new Gap(StorageBackends.describe(data, w.storage()) + " is not yet supported ("
                    + StorageBackends.supported() + ")", true));
        }
        Optional<Scheme> checkpoints = StorageBackends.checkpointScheme(w);
        if (w.workflow().checkpoint() && !StorageBackends.has(checkpoints)) {
            out.add(new Gap("checkpoints on " + StorageBackends.describe(checkpoints, w.storage())
                    + " are not yet supported (" + StorageBackends.supported() + ")", true));
        }
        if (needsData) {
            Optional<FormatDescriptor> f = Formats.descriptor(w.dataset().format());
            Optional<StorageTraits> traits = StorageBackends.traits(data);
            if (f.isPresent() && f.get().mapsFiles() && traits.isPresent() && !traits.get().mapsFiles()) {
                out.add(new Gap("dataset.format " + w.dataset().format().yamlName() + " memory-maps its files, "
                        + "which needs local files, and the dataset is on " + StorageBackends.describe(data,
                        w.storage()) + ": use local_fs storage (a plain data_folder) for this format, or "
                        + "indexed_binary, which reads the same bytes without mapping", true));
            }
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

    /** Fails when jdlio has no backend for the dataset's storage. */
    public static void requireDataStorage(Workload w) {
        Optional<Scheme> data = StorageBackends.dataScheme(w);
        if (!StorageBackends.has(data)) {
            throw new WorkloadException(w.source() + ": " + StorageBackends.describe(data, w.storage())
                    + " is not yet supported (" + StorageBackends.supported() + ")");
        }
    }

    /** Fails when jdlio has no backend for the checkpoint folder. */
    public static void requireCheckpointStorage(Workload w) {
        Optional<Scheme> checkpoints = StorageBackends.checkpointScheme(w);
        if (!StorageBackends.has(checkpoints)) {
            throw new WorkloadException(w.source() + ": checkpoints on " + StorageBackends.describe(checkpoints,
                    w.storage()) + " are not yet supported (" + StorageBackends.supported() + ")");
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
