package io.jdlio.plan;

import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import io.jdlio.config.ElementType;

/**
 * The dataset DLIO would lay out for a config (docs/datasets.md, "Folders and names"): folders, file names, and each
 * file's sample shape. Files are identified by split and index; index order is name order, which is DLIO's listing
 * order.
 */
public final class DatasetPlan {
    private final DatasetConfig config;
    private final SampleDims dims;

    public DatasetPlan(DatasetConfig config) {
        this.config = config;
        this.dims = SampleDims.draw(config);
    }

    public DatasetConfig config() {
        return config;
    }

    public DataFormat format() {
        return config.format();
    }

    public ElementType elementType() {
        return config.recordElementType();
    }

    public int samplesPerFile() {
        return config.numSamplesPerFile();
    }

    public int fileCount(Split split) {
        return split == Split.TRAIN ? config.numFilesTrain() : config.numFilesEval();
    }

    private int subfolders(Split split) {
        return split == Split.TRAIN ? config.numSubfoldersTrain() : config.numSubfoldersEval();
    }

    /** Position in DLIO's single run of file indices: train files, then eval files. */
    public int globalIndex(Split split, int index) {
        return split == Split.TRAIN ? index : config.numFilesTrain() + index;
    }

    /**
     * The path relative to the data folder, e.g. {@code train/1/img_01_of_64.npz}. With one subfolder jdlio still uses
     * {@code 0/} (docs/differences.md, "num_subfolders: 1"), where DLIO writes a flat layout it then cannot train on.
     */
    public String relativePath(Split split, int index) {
        int n = fileCount(split);
        String number = pad(index, String.valueOf(n).length());
        String name = config.filePrefix() + "_" + number + "_of_" + n + "." + config.format().extension();
        int sub = subfolders(split);
        if (sub >= 1) {
            return split.folder() + "/" + pad(index % sub, String.valueOf(sub).length()) + "/" + name;
        }
        return split.folder() + "/" + name;
    }

    private static String pad(int value, int width) {
        String s = String.valueOf(value);
        return s.length() >= width ? s : "0".repeat(width - s.length()) + s;
    }

    /** Subfolders a split needs, relative to the data folder (the split folder itself first). */
    public java.util.List<String> folders(Split split) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(split.folder());
        int sub = subfolders(split);
        for (int k = 0; k < sub; k++) {
            out.add(split.folder() + "/" + pad(k, String.valueOf(sub).length()));
        }
        return out;
    }

    /** Shape of one sample in the given file. */
    public long[] sampleShape(Split split, int index) {
        return dims.shape(globalIndex(split, index));
    }

    /** Bytes of one sample's payload in the given file. */
    public long sampleBytes(Split split, int index) {
        return dims.elements(globalIndex(split, index)) * config.recordElementType().bytes();
    }

    /** Bytes of all samples' payload in the given file. */
    public long payloadBytes(Split split, int index) {
        return sampleBytes(split, index) * config.numSamplesPerFile();
    }
}
