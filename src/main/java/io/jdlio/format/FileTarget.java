package io.jdlio.format;

/**
 * Where one dataset file lives: the data folder, its split folder ({@code train}/{@code valid}) and its path
 * relative to the data folder. Formats derive companion objects (index files) from it.
 */
public record FileTarget(String dataFolder, String split, String relativePath) {

    /** The data object's path. */
    public String path() {
        return dataFolder + "/" + relativePath;
    }

    /** The file's name without folders, e.g. {@code img_03_of_16.tfrecord}. */
    public String name() {
        int slash = relativePath.lastIndexOf('/');
        return slash < 0 ? relativePath : relativePath.substring(slash + 1);
    }
}
