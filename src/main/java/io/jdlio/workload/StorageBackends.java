package io.jdlio.workload;

import io.jdlio.config.StorageConfig;
import io.jdlio.config.StorageType;
import io.jdlio.config.Workload;
import io.jdlio.storage.AzureBlobStorage;
import io.jdlio.storage.DirectStorage;
import io.jdlio.storage.LocalStorage;
import io.jdlio.storage.S3Storage;
import io.jdlio.storage.Scheme;
import io.jdlio.storage.Storage;
import io.jdlio.storage.StorageTraits;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The one factory of storage backends: which backend serves a dataset or a checkpoint folder follows DLIO's
 * {@code storage} section and the URI scheme of the folder ({@code file://} or a plain path, {@code direct://},
 * {@code s3://}, {@code az://}, {@code gs://}). A new backend is its class in the storage package and one line
 * here; what runs and what validate calls a gap both follow this list.
 */
final class StorageBackends {
    /** Opens a backend from the storage section, for a location in it (data or checkpoint folder). */
    interface Opener {
        Storage open(StorageConfig s, String location, boolean checkpoints);
    }

    /** A backend: what it can do, and how it opens. */
    record Backend(StorageTraits traits, Opener open) {
    }

    private static final Map<Scheme, Backend> BACKENDS = new EnumMap<>(Scheme.class);

    static {
        BACKENDS.put(Scheme.FILE, new Backend(StorageTraits.FILES,
                (s, location, checkpoints) -> new LocalStorage(Path.of(Scheme.strip(s.storageRoot())))));
        BACKENDS.put(Scheme.DIRECT, new Backend(StorageTraits.DIRECT_FILES,
                (s, location, checkpoints) -> new DirectStorage(Path.of(DirectStorage.strip(s.storageRoot())))));
        BACKENDS.put(Scheme.S3, new Backend(StorageTraits.OBJECTS, (s, location, checkpoints) ->
                new S3Storage(Scheme.S3, S3Options.of(s, Scheme.S3, checkpoints), s.storageRoot())));
        BACKENDS.put(Scheme.GS, new Backend(StorageTraits.OBJECTS, (s, location, checkpoints) ->
                new S3Storage(Scheme.GS, S3Options.of(s, Scheme.GS, checkpoints), s.storageRoot())));
        BACKENDS.put(Scheme.AZ, new Backend(AzureBlobStorage.TRAITS, (s, location, checkpoints) ->
                AzureOptions.open(s, location, io.jdlio.cluster.Clusters.environment())));
    }

    private StorageBackends() {
    }

    /**
     * The scheme of the dataset: the data folder's own ({@code data_folder: s3://bucket/prefix}), else the storage
     * root's, else the storage type's ({@code s3}/{@code s3dlio}, or the fork's {@code storage_options.uri_scheme};
     * {@code azure}).
     */
    static Optional<Scheme> dataScheme(Workload w) {
        Optional<Scheme> s = Scheme.of(w.dataset().dataFolder()).or(() -> Scheme.of(w.storage().storageRoot()))
                .or(() -> typeScheme(w.storage()));
        // DLIO's reader.odirect asks local files to be read past the page cache
        return s.equals(Optional.of(Scheme.FILE)) && w.reader().odirect() ? Optional.of(Scheme.DIRECT) : s;
    }

    /**
     * The scheme of the checkpoints: the checkpoint folder's own ({@code checkpoint_folder: s3://bucket/path}, or
     * {@code file://...} to keep them local beside data on S3), else the storage type's, as DLIO writes a plain
     * checkpoint folder into the storage it reads data from.
     */
    static Optional<Scheme> checkpointScheme(Workload w) {
        return Scheme.of(w.checkpoint().checkpointFolder()).or(() -> typeScheme(w.storage()));
    }

    /** Whether the dataset is read and written with O_DIRECT: a direct:// folder or DLIO's reader.odirect. */
    static boolean direct(Workload w) {
        return dataScheme(w).equals(Optional.of(Scheme.DIRECT));
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

    private static Optional<Scheme> typeScheme(StorageConfig s) {
        Optional<Scheme> named = Scheme.named(s.options().get("uri_scheme"));
        StorageType t = s.storageType();
        if (t == StorageType.LOCAL_FS) {
            return Optional.of(Scheme.FILE);
        }
        if (t == StorageType.S3 || t == StorageType.S3DLIO) {
            return Optional.of(named.orElse(Scheme.S3));
        }
        if (t == StorageType.AZURE) {
            return Optional.of(Scheme.AZ);
        }
        return Optional.empty();
    }

    static boolean has(Optional<Scheme> scheme) {
        return scheme.isPresent() && BACKENDS.containsKey(scheme.get());
    }

    /** What the backend of {@code scheme} can do; empty when jdlio has none. */
    static Optional<StorageTraits> traits(Optional<Scheme> scheme) {
        return scheme.map(BACKENDS::get).map(Backend::traits);
    }

    /** The dataset's backend; empty when jdlio has none for it. */
    static Optional<Storage> openData(Workload w) {
        if (direct(w)) {
            return Optional.of(openDirect(w));
        }
        return open(dataScheme(w), w.storage(), w.dataset().dataFolder(), false);
    }

    /** The checkpoints' backend; empty when jdlio has none for it. */
    static Optional<Storage> openCheckpoints(Workload w) {
        Optional<Scheme> scheme = checkpointScheme(w);
        if (scheme.equals(Optional.of(Scheme.FILE))) {
            // DLIO writes a local checkpoint folder relative to the working directory, not to storage_root
            return Optional.of(new LocalStorage(Path.of(".")));
        }
        return open(scheme, w.storage(), w.checkpoint().checkpointFolder(), true);
    }

    private static Optional<Storage> open(Optional<Scheme> scheme, StorageConfig s, String location,
            boolean checkpoints) {
        return scheme.map(BACKENDS::get).map(b -> b.open().open(s, location, checkpoints));
    }

    /** What a storage section names, for messages: "storage.storage_type s3" or "the scheme az://". */
    static String describe(Optional<Scheme> scheme, StorageConfig s) {
        return scheme.map(x -> "the scheme " + x.prefix()).orElse("storage.storage_type "
                + s.storageType().yamlName());
    }

    /** For messages: "file:// is", or the list and "are". */
    static String supported() {
        String names = BACKENDS.keySet().stream().map(Scheme::prefix).collect(Collectors.joining(", "));
        return names + (BACKENDS.size() == 1 ? " is" : " are");
    }
}
