package io.jdlio.config;

/**
 * A column's {@code dtype} in MLPerf Storage's {@code dataset.parquet.columns}: a numpy scalar type (a fixed-size
 * list of it when {@code size > 1}), {@code list} (float32 list), {@code bool}, {@code string} or {@code binary}.
 */
public enum ParquetDtype implements YamlEnum {
    UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FLOAT16, FLOAT32, FLOAT64, LIST, BOOL, STRING, BINARY
}
