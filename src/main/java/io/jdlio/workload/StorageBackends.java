package io.jdlio.workload;

import io.jdlio.config.StorageConfig;
import io.jdlio.config.StorageType;
import io.jdlio.config.Workload;
import io.jdlio.storage.DirectStorage;
import io.jdlio.storage.LocalStorage;
import io.jdlio.storage.Storage;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The dataset storage backends jdlio has, by DLIO's {@code storage.storage_type}: a new backend is its class
 * in the storage package and one line here; what runs and what validate calls a gap both follow this list.
 */
final class StorageBackends {
    private static final Map<StorageType, Function<StorageConfig, Storage>> BACKENDS = new EnumMap<>(StorageType.class);

    static {
        BACKENDS.put(StorageType.LOCAL_FS, s -> new LocalStorage(Path.of(s.storageRoot())));
    }

    private StorageBackends() {
    }

    static boolean has(StorageType type) {
        return BACKENDS.containsKey(type);
    }

    /**
     * The dataset's backend: O_DIRECT files when a {@code direct://} storage_root or data_folder or DLIO's
     * {@code reader.odirect} asks for them, else the one for the storage type.
     */
    static Optional<Storage> open(Workload w) {
        return direct(w) ? Optional.of(openDirect(w)) : open(w.storage());
    }

    /** Whether the dataset is read and written with O_DIRECT. */
    static boolean direct(Workload w) {
        StorageConfig s = w.storage();
        return s.storageType() == StorageType.LOCAL_FS && (w.reader().odirect()
                || DirectStorage.named(s.storageRoot()) || DirectStorage.named(w.dataset().dataFolder()));
    }

    /** O_DIRECT files, refused at once where the data folder's file system cannot bypass the cache. */
    private static Storage openDirect(Workload w) {
        DirectStorage d = new DirectStorage(Path.of(DirectStorage.strip(w.storage().storageRoot())));
        try {
            d.requireBypass(w.dataset().dataFolder());
        } catch (java.io.IOException e) {
            throw new WorkloadException(w.source() + ": " + e.getMessage(), e);
        }
        return d;
    }

    /** The backend for the section's storage type, opened on its root; empty when jdlio has none. */
    static Optional<Storage> open(StorageConfig s) {
        return Optional.ofNullable(BACKENDS.get(s.storageType())).map(b -> b.apply(s));
    }

    /** For messages: "local_fs is", or the list and "are". */
    static String supported() {
        String names = BACKENDS.keySet().stream().map(StorageType::yamlName).collect(Collectors.joining(", "));
        return names + (BACKENDS.size() == 1 ? " is" : " are");
    }
}
