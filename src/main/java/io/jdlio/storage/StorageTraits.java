package io.jdlio.storage;

/**
 * What a storage backend can do, declared by the backend: formats, generation and checkpointing ask these,
 * never whether the storage is local.
 *
 * @param mapsFiles     objects are local files that can be memory-mapped
 * @param writesAt      a writer may overwrite bytes it already wrote (a header patched at the end)
 * @param bypassesCache reads can skip this host's page cache
 * @param appends       an object can be appended to in place (else the backend rewrites it)
 * @param locks         folders can be held against other runs (an OS file lock)
 * @param knowsFreeSpace the free space for new objects can be asked
 * @param hasFolders    folders exist of their own (and must be made, and emptied ones removed)
 * @param pageCached    reads made without bypassing the cache may be served by this host's page cache, so
 *                      figures of data smaller than memory may not be the storage's (local files only: an object
 *                      store's client keeps no cache)
 */
public record StorageTraits(boolean mapsFiles, boolean writesAt, boolean bypassesCache, boolean appends,
        boolean locks, boolean knowsFreeSpace, boolean hasFolders, boolean pageCached) {
    /** Local files. */
    public static final StorageTraits FILES = new StorageTraits(true, true, true, true, true, true, true, true);
    /** Local files read and written with O_DIRECT: no mapping (it would read through the cache). */
    public static final StorageTraits DIRECT_FILES = new StorageTraits(false, true, true, true, true, true, true, false);
    /**
     * An object store: objects are written whole in one forward pass, have no folders, no locks and no known
     * free space; an "append" rewrites the object.
     */
    public static final StorageTraits OBJECTS = new StorageTraits(false, false, false, false, false, false, false, false);
}
