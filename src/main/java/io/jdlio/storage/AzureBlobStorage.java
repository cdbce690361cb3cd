package io.jdlio.storage;

import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.specialized.AppendBlobClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Azure Blob Storage ({@code az://account/container/prefix}) through azure-storage-blob. Objects are block
 * blobs written as staged blocks and published by one commit of the block list, so a writer that fails or is
 * aborted leaves no blob (uncommitted blocks are never visible and the service drops them); reads are ranged
 * GETs. jdlio's own records ({@link #append}) are append blobs.
 */
public final class AzureBlobStorage implements Storage {
    private final AzureLocation location;
    private final AzureCredentials credentials;
    private final AzureSettings settings;
    private final AzureRequests requests;
    private final BlobContainerClient container;
    private final ExecutorService transfers;
    private volatile boolean containerReady;

    public AzureBlobStorage(AzureLocation location, AzureCredentials credentials, AzureSettings settings) {
        this.location = location;
        this.credentials = credentials;
        this.settings = settings;
        this.requests = new AzureRequests(credentials.endpoint(), settings.maxTries());
        BlobServiceClientBuilder b = new BlobServiceClientBuilder()
                .httpClient(new JdkHttpClientBuilder().build())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, settings.maxTries(),
                        settings.tryTimeout(), settings.retryDelay(), settings.retryDelay().multipliedBy(16), null))
                .addPolicy(requests.perCall())
                .addPolicy(requests.perTry());
        switch (credentials.kind()) {
            case CONNECTION_STRING -> b.connectionString(credentials.secret());
            case ACCOUNT_KEY -> b.endpoint(credentials.endpoint())
                    .credential(new StorageSharedKeyCredential(location.account(), credentials.secret()));
            case SAS -> b.endpoint(credentials.endpoint()).sasToken(credentials.secret());
            case ANONYMOUS -> b.endpoint(credentials.endpoint());
        }
        this.container = b.buildClient().getBlobContainerClient(location.container());
        AtomicInteger n = new AtomicInteger();
        this.transfers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "jdlio-azure-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Blob storage traits: no files to map, no folders or locks, but append blobs append in place. */
    public static final StorageTraits TRAITS = new StorageTraits(false, false, false, true, false, false, false, false);

    /**
     * The storage a workload names: its root is {@code storageRoot} when that is an {@code az://} URI, else the
     * container of {@code location} (an {@code az://} data or checkpoint folder, whose paths then name
     * themselves), else {@code storageRoot} read as {@code container[/prefix]} in the account of the environment
     * ({@code AZURE_STORAGE_ACCOUNT} or the connection string's). {@code endpointUrl} (the config's
     * {@code storage_options.endpoint_url}) may be null.
     */
    public static AzureBlobStorage forWorkload(String storageRoot, String location, String endpointUrl,
            Map<String, String> env, AzureSettings settings) {
        AzureLocation loc;
        if (storageRoot != null && storageRoot.startsWith("az://")) {
            loc = AzureLocation.parse(storageRoot);
        } else if (location != null && location.startsWith("az://")) {
            AzureLocation l = AzureLocation.parse(location);
            loc = new AzureLocation(l.account(), l.container(), "");
        } else {
            String account = env.getOrDefault("AZURE_STORAGE_ACCOUNT", "");
            if (account.isBlank()) {
                account = AzureCredentials.fromEnvironment(env, "", endpointUrl).accountName().orElse("");
            }
            if (account.isBlank() || storageRoot == null || storageRoot.isBlank()) {
                throw new IllegalArgumentException("storage.storage_root " + storageRoot + " names no Azure account and "
                        + "container: write it as az://<account>/<container>[/<prefix>], or set AZURE_STORAGE_ACCOUNT");
            }
            loc = AzureLocation.parse("az://" + account + "/" + storageRoot);
        }
        return new AzureBlobStorage(loc, AzureCredentials.fromEnvironment(env, loc.account(), endpointUrl), settings);
    }

    /**
     * As {@link #forWorkload(String, String, String, Map, AzureSettings)}, the config's
     * {@code storage_options} ({@code connection_string}, {@code account_name}, {@code account_key},
     * {@code sas_token}, {@code endpoint_url}) winning over the environment, as DLIO's keys do.
     */
    public static AzureBlobStorage forWorkload(String storageRoot, String location, Map<String, String> options,
            Map<String, String> env, AzureSettings settings) {
        Map<String, String> merged = new java.util.HashMap<>(env);
        overlay(options, "connection_string", merged, "AZURE_STORAGE_CONNECTION_STRING");
        overlay(options, "account_name", merged, "AZURE_STORAGE_ACCOUNT");
        overlay(options, "account_key", merged, "AZURE_STORAGE_KEY");
        overlay(options, "sas_token", merged, "AZURE_STORAGE_SAS_TOKEN");
        if (options.containsKey("account_key") || options.containsKey("sas_token")) {
            // a key or SAS in the config is meant for the config's account, not for the environment's string
            merged.remove("AZURE_STORAGE_CONNECTION_STRING");
            overlay(options, "connection_string", merged, "AZURE_STORAGE_CONNECTION_STRING");
        }
        return forWorkload(storageRoot, location, options.get("endpoint_url"), merged, settings);
    }

    private static void overlay(Map<String, String> options, String key, Map<String, String> env, String name) {
        String v = options.get(key);
        if (v != null && !v.isBlank()) {
            env.put(name, v);
        }
    }

    public AzureLocation location() {
        return location;
    }

    public AzureSettings settings() {
        return settings;
    }

    /** The blob service endpoint requests go to; carries no secret. */
    public String endpoint() {
        return credentials.endpoint();
    }

    /** Requests retried after a 500, 503, 429, timeout or broken connection, since this storage was opened. */
    public long retried() {
        return requests.retries();
    }

    /** Failed tries since this storage was opened, by cause (a completed run retried each of them). */
    @Override
    public java.util.Optional<StorageRetries> retries() {
        return java.util.Optional.of(requests.failedTries());
    }

    /** Requests sent (tries included), since this storage was opened. */
    public long requests() {
        return requests.requests();
    }

    AzureRequests requestLog() {
        return requests;
    }

    ExecutorService transfers() {
        return transfers;
    }

    BlobClient blob(String path) {
        return container.getBlobClient(location.blobName(path));
    }

    @Override
    public ObjectWriter create(String path) throws IOException {
        ensureContainer(path);
        return new AzureBlobWriter(this, blob(path).getBlockBlobClient(), describe(path));
    }

    /** No request until the first read: the size comes with the first GET, and a missing blob is found then. */
    @Override
    public ObjectReader open(String path) {
        return new AzureBlobReader(this, blob(path), describe(path), -1);
    }

    /** Opens an object whose size the caller already knows: no request until the first read. */
    public ObjectReader open(String path, long knownSize) {
        return new AzureBlobReader(this, blob(path), describe(path), knownSize);
    }

    @Override
    public OptionalLong size(String path) throws IOException {
        try {
            return OptionalLong.of(blob(path).getProperties().getBlobSize());
        } catch (RuntimeException e) {
            if (AzureRequests.isNotFound(e)) {
                return OptionalLong.empty();
            }
            throw requests.failure("read the size of the blob", describe(path), e);
        }
    }

    @Override
    public List<String> list(String prefix) throws IOException {
        String dir = location.blobName(prefix);
        String p = dir.isEmpty() ? "" : dir + "/";
        List<String> names = new ArrayList<>();
        try {
            for (BlobItem item : container.listBlobsByHierarchy("/", new ListBlobsOptions().setPrefix(p), null)) {
                String name = item.getName().substring(p.length());
                names.add(name.endsWith("/") ? name.substring(0, name.length() - 1) : name);
            }
        } catch (RuntimeException e) {
            if (AzureRequests.isNotFound(e)) {
                return List.of();
            }
            throw requests.failure("list the folder", describe(prefix), e);
        }
        Collections.sort(names);
        return names;
    }

    @Override
    public List<String> walk(String folder) throws IOException {
        String dir = location.blobName(folder);
        String p = dir.isEmpty() ? "" : dir + "/";
        List<String> names = new ArrayList<>();
        try {
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(p), null)) {
                names.add(item.getName().substring(p.length()));
            }
        } catch (RuntimeException e) {
            if (AzureRequests.isNotFound(e)) {
                return List.of();
            }
            throw requests.failure("list the folder", describe(folder), e);
        }
        return names;
    }

    @Override
    public StorageTraits traits() {
        return TRAITS;
    }

    @Override
    public void delete(String path) throws IOException {
        try {
            blob(path).deleteIfExists();
        } catch (RuntimeException e) {
            throw requests.failure("delete the blob", describe(path), e);
        }
    }

    @Override
    public void deleteFolder(String prefix) throws IOException {
        String dir = location.blobName(prefix);
        String p = dir.isEmpty() ? "" : dir + "/";
        try {
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(p), null)) {
                container.getBlobClient(item.getName()).deleteIfExists();
            }
        } catch (RuntimeException e) {
            if (AzureRequests.isNotFound(e)) {
                return;
            }
            throw requests.failure("delete the folder", describe(prefix), e);
        }
    }

    @Override
    public void makeFolder(String path) {
        // blob names carry their folders: there is nothing to make
    }

    /** Appends to an append blob: each call is one block the service adds whole, so records never interleave. */
    @Override
    public void append(String path, byte[] bytes) throws IOException {
        ensureContainer(path);
        AppendBlobClient a = blob(path).getAppendBlobClient();
        try {
            a.createIfNotExists();
            a.appendBlock(BinaryData.fromBytes(bytes).toStream(), bytes.length);
        } catch (RuntimeException e) {
            throw requests.failure("append to the blob", describe(path), e);
        }
    }

    @Override
    public String describe(String path) {
        return location.uri(path);
    }

    private void ensureContainer(String path) throws IOException {
        if (containerReady) {
            return;
        }
        try {
            container.createIfNotExists();
            containerReady = true;
        } catch (RuntimeException e) {
            throw requests.failure("create the container " + location.container(), describe(path), e);
        }
    }

    @Override
    public void close() {
        transfers.shutdownNow();
    }

    @Override
    public String toString() {
        return "az://" + location.account() + "/" + location.container() + "/" + location.prefix() + " at "
                + credentials.endpoint();
    }
}
