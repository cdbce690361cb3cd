package io.jdlio.workload;

import io.jdlio.config.DatasetConfig;
import io.jdlio.format.Formats;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@code <data_folder>/.jdlio-manifest}: what a generation produced. Its fingerprint holds every key that
 * changes file names or bytes; a dataset whose fingerprint matches and whose files all have the sizes they
 * were written with ({@link SizeLedger}) is reused, any other is (re)generated. The manifest is marked
 * complete only after the last file.
 */
public final class DatasetManifest {
    static final String NAME = ".jdlio-manifest";
    /** Bump when the bytes jdlio writes for the same config change. */
    static final int CONTENT_VERSION = 2;

    private DatasetManifest() {
    }

    public static String fingerprint(DatasetConfig d) {
        return "v" + CONTENT_VERSION + " seed=" + Datasets.CONTENT_SEED + " format=" + d.format().yamlName()
                + " files=" + d.numFilesTrain() + "+" + d.numFilesEval() + " nspf=" + d.numSamplesPerFile()
                + " length=" + d.recordLengthBytes() + " stdev=" + d.recordLengthBytesStdev()
                + " dims=" + d.recordDims() + " type=" + d.recordElementType().numpyName()
                + " prefix=" + d.filePrefix() + " subfolders=" + d.numSubfoldersTrain() + "+" + d.numSubfoldersEval()
                + " compression=" + d.compression().yamlName() + layout(d) + redundancy(d);
    }

    /** The content keys, only when set: datasets generated before they existed keep their fingerprint. */
    private static String redundancy(DatasetConfig d) {
        return d.dedupePercentage() == 0 && d.bufferCompressPercentage() == 0 ? ""
                : " dedupe=" + d.dedupePercentage() + " compressible=" + d.bufferCompressPercentage();
    }

    /** The format's own keys that change bytes (HDF5's datasets and chunks, Parquet's columns and groups). */
    private static String layout(DatasetConfig d) {
        return Formats.descriptor(d.format()).map(f -> f.fingerprint(d)).orElse("");
    }

    static String path(DatasetConfig d) {
        return d.dataFolder() + "/" + NAME;
    }

    /** The manifest's properties, or null when absent or unreadable. */
    static Properties read(Storage storage, DatasetConfig d) throws IOException {
        if (storage.size(path(d)).isEmpty()) {
            return null;
        }
        if (storage.isFolder(path(d))) {
            throw new WorkloadException(storage.describe(path(d)) + " is a folder, but jdlio keeps the dataset's manifest file "
                    + "there: move that folder away (or delete it) so the manifest can be written");
        }
        try (ObjectReader r = storage.open(path(d))) {
            ByteBuffer b = ByteBuffer.allocate((int) Math.min(r.size(), 1 << 20));
            r.read(0, b);
            Properties p = new Properties();
            p.load(new StringReader(new String(b.array(), 0, b.position(), StandardCharsets.UTF_8)));
            return p;
        }
    }

    static void write(Storage storage, DatasetConfig d, boolean complete, long files, long bytes) throws IOException {
        String text = "# written by jdlio; delete it to force regeneration\n"
                + "fingerprint=" + fingerprint(d) + "\n"
                + "complete=" + complete + "\n"
                + "files=" + files + "\n"
                + "bytes=" + bytes + "\n";
        try (ObjectWriter w = storage.create(path(d))) {
            w.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            w.commit(true);
        }
    }
}
