package io.jdlio.workload;

import io.jdlio.config.ConfigLocator;
import io.jdlio.config.Overrides;
import io.jdlio.config.Workload;
import io.jdlio.format.FileFormat;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Timed generation: each run writes the whole dataset into a fresh folder beside the configured one
 * ({@code <data_folder>.jdlio-generate}), which is emptied between runs and never touches the real dataset.
 */
public final class GenerationSession implements AutoCloseable {
    private final Workload workload;
    private final DatasetPlan plan;
    private final Storage storage;
    private final FileFormat format;
    private final Path folder;
    private final long bytes;

    public GenerationSession(String config, String overrides) {
        Workload base = ConfigLocator.load(config, Overrides.split(overrides));
        List<String> o = new ArrayList<>(Overrides.split(overrides));
        o.add("dataset.data_folder=" + base.dataset().dataFolder() + ".jdlio-generate");
        this.workload = ConfigLocator.load(config, o);
        Capabilities.requireRunnable(workload);
        this.plan = new DatasetPlan(workload.dataset());
        this.storage = Datasets.storage(workload);
        this.format = Datasets.format(workload);
        this.folder = Path.of(workload.storage().storageRoot()).resolve(workload.dataset().dataFolder());
        this.bytes = Datasets.bytes(plan, format, Split.TRAIN) + Datasets.bytes(plan, format, Split.VALID);
    }

    public long datasetBytes() {
        return bytes;
    }

    /** Writes every file of the dataset with all cores. */
    public Generation.Result generate() throws IOException {
        return new Generation(workload, plan, storage, format, Runtime.getRuntime().availableProcessors())
                .regenerate(null);
    }

    /** Deletes the benchmark's folder; only ever that folder. */
    public void clean() throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> s = Files.walk(folder)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    @Override
    public void close() throws IOException {
        clean();
        storage.close();
    }
}
