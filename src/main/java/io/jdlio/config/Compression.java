package io.jdlio.config;

/** DLIO's {@code dataset.compression}, plus the Parquet codecs MLPerf Storage uses. */
public enum Compression implements YamlEnum {
    NONE, GZIP, LZF, BZ2, ZIP, XZ, SNAPPY, LZ4, ZSTD
}
