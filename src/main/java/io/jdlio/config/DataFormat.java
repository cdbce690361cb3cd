package io.jdlio.config;

/** DLIO's {@code dataset.format}, plus MLPerf Storage's parquet. The YAML name is also the file extension. */
public enum DataFormat implements YamlEnum {
    TFRECORD, HDF5, CSV, NPZ, NPY, HDF5_OPT, JPEG, PNG, INDEXED_BINARY, MMAP_INDEXED_BINARY, SYNTHETIC, PARQUET;

    public String extension() {
        return yamlName();
    }
}
