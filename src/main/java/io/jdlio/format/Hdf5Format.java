package io.jdlio.format;

import io.jdlio.config.Compression;
import io.jdlio.config.ConfigException;
import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import java.io.IOException;
import java.lang.reflect.Array;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * DLIO's hdf5 (docs/datasets.md, "Formats") through jhdf, which h5py reads: datasets {@code records_0 .. records_{K-1}}
 * of shape {@code (nspf, *sample shape)} holding the same data, and {@code labels} (nspf int64 zeros); chunk_dims and
 * gzip with compression_level or h5py's lzf as asked, and {@code none} works (DLIO crashes on it). With compression or
 * max_shape and no chunk_dims, chunks are those h5py would pick; max_shape itself is not recorded (jhdf 0.13 writes no
 * maximum dimensions), so the layout and I/O are DLIO's but the datasets cannot be resized. jhdf holds a dataset in
 * memory while writing, so one sample-stack array (shared by the K datasets) and jhdf's buffers must fit the heap: a
 * larger file fails with a message, not an OutOfMemoryError (see {@link #heapNeeded}). Reading reads each dataset's row
 * of the sample, in slices, through a channel that counts what moves.
 */
public final class Hdf5Format implements FileFormat {
    private static final long HEADROOM = 16L << 20;

    static {
        // jhdf reads LZF but cannot write it; its filter registry resolves id 32000 to this one from now on
        io.jhdf.filter.FilterManager.addFilter(new Hdf5LzfFilter());
    }
    private static final int SLICE_BYTES = 4 << 20;

    /** dataset.hdf5: datasets per record, chunks and max shape; none, gzip (with its level) or lzf. */
    public static final FormatDescriptor DESCRIPTOR = new FormatDescriptor() {
        @Override
        public DataFormat format() {
            return DataFormat.HDF5;
        }

        @Override
        public FileFormat create(DatasetConfig d) {
            return new Hdf5Format(d.hdf5().numDsetPerRecord(), !d.recordDims().isEmpty(), d.hdf5().chunkDims(),
                    d.hdf5().maxShape(), d.compression(), d.compressionLevel());
        }

        @Override
        public String fingerprint(DatasetConfig d) {
            return FormatDescriptor.gzipLevel(d) + " dsets=" + d.hdf5().numDsetPerRecord() + " chunks="
                    + d.hdf5().chunkDims() + " max=" + d.hdf5().maxShape();
        }

        @Override
        public void validate(String source, DatasetConfig d) {
            Compression c = d.compression();
            if (c != Compression.NONE && c != Compression.GZIP && c != Compression.LZF) {
                throw ConfigException.expected(source, "dataset.compression", c.yamlName(), "none, gzip or lzf "
                        + "for hdf5 (bz2, zip and xz are not HDF5 filters)");
            }
        }

        @Override
        public List<String> gaps(DatasetConfig d) {
            return d.hdf5().maxShape().isEmpty() ? List.of() : List.of("dataset.hdf5.max_shape: files get the "
                    + "chunked layout h5py gives a resizable dataset, but record no maximum shape (jhdf cannot "
                    + "write one), so they cannot be resized");
        }
    };

    private final int datasets;
    private final boolean recordDims;
    private final int[] chunkDims;
    private final long[] maxShape;
    private final Compression compression;
    private final int level;

    /**
     * {@code recordDims}: the sample shape came from record_dims (then split over the K datasets);
     * {@code maxShape}: hdf5.max_shape, the largest sample shape (empty: none).
     */
    public Hdf5Format(int datasets, boolean recordDims, List<Integer> chunkDims, List<Integer> maxShape,
                      Compression compression, int level) {
        this.datasets = datasets;
        this.recordDims = recordDims;
        this.chunkDims = chunkDims.stream().mapToInt(Integer::intValue).toArray();
        this.maxShape = maxShape.stream().mapToLong(Integer::longValue).toArray();
        this.compression = compression;
        this.level = level;
        if (compression != Compression.NONE && compression != Compression.GZIP && compression != Compression.LZF) {
            throw new IllegalArgumentException("hdf5 compression " + compression.yamlName()
                    + " is not supported (none, gzip and lzf are)");
        }
    }

    @Override
    public DataFormat kind() {
        return DataFormat.HDF5;
    }

    @Override
    public long fileSize(FileSpec spec) {
        return -1;
    }

    /**
     * One dataset's shape (docs/datasets.md, "Formats"): nspf, then the sample shape; with record_dims, its first entry
     * is split over the K datasets and dropped when that leaves 1.
     */
    long[] datasetShape(FileSpec spec) {
        long[] sample = spec.sampleShape().clone();
        if (recordDims) {
            sample[0] = sample[0] / datasets;
            if (sample[0] == 1 && sample.length > 1) {
                sample = Arrays.copyOfRange(sample, 1, sample.length);
            }
        }
        long[] shape = new long[sample.length + 1];
        shape[0] = spec.samplesPerFile();
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return shape;
    }

    @Override
    public List<Written> write(FileSpec spec, ContentStream content, Storage storage, FileTarget target,
            ByteBuffer scratch) throws IOException {
        Optional<Path> local = storage.localPath(target.path());
        if (local.isEmpty()) {
            return List.of(stage(spec, content, storage, target, scratch));
        }
        Path file = local.get();
        long[] shape = datasetShape(spec);
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        long bytes = elements * spec.elementType().bytes();
        checkMaxShape(shape, storage.describe(target.path()));
        // h5py chunks a dataset whenever it compresses or may grow, with its own guess unless told
        int[] chunks = chunkDims.length > 0 ? chunkDims
                : compression != Compression.NONE || maxShape.length > 0 ? guessChunks(shape, spec.elementType().bytes())
                : null;
        long need = heapNeeded(bytes, chunks, spec.elementType().bytes());
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free || elements > Integer.MAX_VALUE) {
            throw new IOException(storage.describe(target.path()) + ": an hdf5 dataset of " + bytes + " bytes needs about "
                    + need / 1048576 + " MiB of heap (jhdf holds it in memory), " + free / 1048576 + " MiB are free; "
                    + "raise -Xmx (for JMH: -jvmArgsAppend -Xmx...) or lower num_samples_per_file or record_length_bytes");
        }
        Object data = array(spec.elementType(), shape);
        fill(data, content, spec.elementType(), new long[] {0});
        DatasetCreationOptions.Builder options = DatasetCreationOptions.builder();
        if (spec.elementType() == ElementType.UINT8 || spec.elementType() == ElementType.UINT16
                || spec.elementType() == ElementType.UINT32 || spec.elementType() == ElementType.UINT64) {
            options.unsigned();
        }
        if (chunks != null) {
            options.chunkDimensions(chunks);
        }
        if (compression == Compression.GZIP) {
            options.deflate(level);
        } else if (compression == Compression.LZF) {
            long chunkBytes = spec.elementType().bytes();
            for (int c : chunks) {
                chunkBytes *= c;
            }
            options.filter(new Hdf5LzfFilter(), Hdf5LzfFilter.clientData(chunkBytes));
        }
        Files.createDirectories(file.getParent());
        Path temp = file.resolveSibling("." + file.getFileName() + ".jdlio-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".tmp");
        try {
            try (WritableHdfFile h = HdfFile.write(temp)) {
                DatasetCreationOptions built = options.build();
                for (int i = 0; i < datasets; i++) {
                    h.putDataset("records_" + i, data, built);
                }
                h.putDataset("labels", new long[spec.samplesPerFile()]);
            }
            long written = Files.size(temp);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return List.of(new Written(target.path(), written));
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * For a storage without local files (O_DIRECT, where jhdf's own channel would write through the page cache):
     * jhdf writes a temporary local file, which is then copied through the storage's writer.
     */
    private Written stage(FileSpec spec, ContentStream content, Storage storage, FileTarget target, ByteBuffer scratch)
            throws IOException {
        Path dir = Files.createTempDirectory("jdlio-hdf5-");
        try {
            String name = target.name();
            write(spec, content, new LocalStorage(dir), new FileTarget(".", "", name), scratch);
            try (FileChannel in = FileChannel.open(dir.resolve(name), StandardOpenOption.READ);
                 ObjectWriter out = storage.create(target.path())) {
                long at = 0;
                long size = in.size();
                while (at < size) {
                    scratch.clear();
                    int n = in.read(scratch, at);
                    if (n <= 0) {
                        throw new IOException(dir.resolve(name) + ": ended at byte " + at + " of " + size);
                    }
                    at += n;
                    scratch.flip();
                    out.write(scratch);
                }
                out.commit(false);
                return new Written(target.path(), out.position());
            }
        } finally {
            try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) s.sorted(java.util.Comparator.reverseOrder())::iterator) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Heap a jhdf write needs, fitted to runs with -Xmx256m (jdlio 0.1, jhdf 0.13.0): contiguous datasets need
     * about the array (240 MiB wrote); chunked ones about twice the array (256 KiB chunks: 112 MiB wrote, 128
     * did not), and gzip about four chunks more (one-sample chunks: 32 MiB wrote, 48 did not; 4 x 16 MiB
     * wrote, 4 x 24 did not).
     */
    long heapNeeded(long arrayBytes, int[] chunks, int elementBytes) {
        if (chunks == null) {
            return arrayBytes + HEADROOM;
        }
        long chunkBytes = elementBytes;
        for (int c : chunks) {
            chunkBytes *= c;
        }
        return 2 * arrayBytes + (compression != Compression.NONE ? 4 * chunkBytes : 0) + HEADROOM;
    }

    /** h5py's rule for maxshape: one entry per sample dimension, none below the dimension it bounds. */
    private void checkMaxShape(long[] shape, String name) throws IOException {
        if (maxShape.length == 0) {
            return;
        }
        long[] sample = Arrays.copyOfRange(shape, 1, shape.length);
        boolean fits = maxShape.length == sample.length;
        for (int i = 0; fits && i < sample.length; i++) {
            fits = maxShape[i] >= sample[i];
        }
        if (!fits) {
            throw new IOException(name + ": dataset.hdf5.max_shape " + Arrays.toString(maxShape) + " does not bound "
                    + "the sample shape " + Arrays.toString(sample) + " (one entry per dimension, each at least as "
                    + "large)");
        }
    }

    /**
     * The chunk shape h5py guesses (its {@code guess_chunk}): aim at 16 KiB x 2^log10(dataset MiB), kept within
     * 8 KiB..1 MiB; halve the axes in turn, first to last, rounding up, until the chunk is below the aim or
     * within half of it, and under 1 MiB.
     */
    static int[] guessChunks(long[] shape, int typeSize) {
        double[] chunks = new double[shape.length];
        double elements = 1;
        for (int i = 0; i < shape.length; i++) {
            chunks[i] = shape[i] == 0 ? 1024 : shape[i];
            elements *= chunks[i];
        }
        double target = 16 * 1024 * Math.pow(2, Math.log10(elements * typeSize / (1024.0 * 1024)));
        target = Math.min(1024 * 1024, Math.max(8 * 1024, target));
        for (int axis = 0; ; axis = (axis + 1) % shape.length) {
            double n = 1;
            for (double c : chunks) {
                n *= c;
            }
            double bytes = n * typeSize;
            if ((bytes < target || Math.abs(bytes - target) / target < 0.5) && bytes < 1024 * 1024 || n == 1) {
                break;
            }
            chunks[axis] = Math.ceil(chunks[axis] / 2);
        }
        int[] out = new int[shape.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) chunks[i];
        }
        return out;
    }

    // jhdf writes Java arrays of the dataset's rank; the rank comes from the config, so the array is built by rank
    private static Object array(ElementType type, long[] shape) {
        int[] dims = Arrays.stream(shape).mapToInt(d -> (int) d).toArray();
        return Array.newInstance(component(type), dims);
    }

    private static Class<?> component(ElementType type) {
        switch (type) {
            case UINT8: case INT8: case BOOL: return byte.class;
            case UINT16: case INT16: return short.class;
            case UINT32: case INT32: return int.class;
            case UINT64: case INT64: return long.class;
            case FLOAT32: return float.class;
            case FLOAT64: return double.class;
            default: throw new IllegalArgumentException("hdf5 through jhdf cannot write " + type.numpyName()
                    + "; use float32, float64 or an integer type");
        }
    }

    /** Fills the innermost arrays in order from the content stream. */
    private static void fill(Object array, ContentStream content, ElementType type, long[] offset) {
        if (!array.getClass().getComponentType().isPrimitive()) {
            for (int i = 0; i < Array.getLength(array); i++) {
                fill(Array.get(array, i), content, type, offset);
            }
            return;
        }
        int n = Array.getLength(array);
        ByteBuffer raw = ByteBuffer.allocate(n * type.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        content.fill(raw, offset[0]);
        offset[0] += raw.capacity();
        raw.flip();
        switch (type) {
            case UINT8: case INT8: case BOOL: raw.get((byte[]) array); break;
            case UINT16: case INT16: raw.asShortBuffer().get((short[]) array); break;
            case UINT32: case INT32: raw.asIntBuffer().get((int[]) array); break;
            case UINT64: case INT64: raw.asLongBuffer().get((long[]) array); break;
            case FLOAT32: raw.asFloatBuffer().get((float[]) array); break;
            default: raw.asDoubleBuffer().get((double[]) array); break;
        }
    }

    @Override
    public SampleReader openReader(Storage storage, FileTarget target) throws IOException {
        String name = storage.describe(target.path());
        ReaderChannel channel = new ReaderChannel(storage.open(target.path()));
        HdfFile h;
        try {
            h = new HdfFile(channel, URI.create("jdlio:/" + name.replace(' ', '_')));
        } catch (RuntimeException e) {
            channel.close();
            throw new IOException(name + ": expected an HDF5 superblock (signature 894844460d0a1a0a at offset 0, "
                    + "512, 1024...), jhdf says: " + e.getMessage() + "; the file is corrupt", e);
        }
        Dataset[] records = new Dataset[datasets];
        try {
            for (int i = 0; i < datasets; i++) {
                records[i] = h.getDatasetByPath("records_" + i);
            }
        } catch (RuntimeException e) {
            h.close();
            throw new IOException(name + ": not the hdf5 layout this dataset asks for (" + e.getMessage() + ")", e);
        }
        if (records[0].getDataLayout() == io.jhdf.object.message.DataLayout.CHUNKED) {
            // h5py caches 1 MiB of chunks per open dataset (rdcc_nbytes); the K datasets each have theirs
            channel.cache((long) datasets << 20);
        }
        return new SampleReader() {
            @Override
            public long readSample(int sample, ByteBuffer scratch) throws IOException {
                for (Dataset ds : records) {
                    readRow(ds, sample, name);
                }
                return channel.take();
            }

            @Override
            public void close() {
                h.close();
            }
        };
    }

    /** Reads row {@code sample} of a dataset in slices of a few MiB, so memory stays flat for any sample. */
    private static void readRow(Dataset ds, int sample, String name) throws IOException {
        int[] dims = ds.getDimensions();
        if (sample < 0 || sample >= dims[0]) {
            throw new IOException(name + ": sample " + sample + " asked for, " + ds.getPath() + " holds " + dims[0]);
        }
        long[] offset = new long[dims.length];
        offset[0] = sample;
        int[] slice = dims.clone();
        slice[0] = 1;
        if (dims.length == 1) {
            ds.getData(offset, slice);
            return;
        }
        long rowBytes = 8;
        for (int i = 2; i < dims.length; i++) {
            rowBytes *= dims[i];
        }
        int rows = (int) Math.max(1, Math.min(dims[1], SLICE_BYTES / rowBytes));
        for (int r = 0; r < dims[1]; r += rows) {
            offset[1] = r;
            slice[1] = Math.min(rows, dims[1] - r);
            ds.getData(offset, slice);
        }
    }
}
