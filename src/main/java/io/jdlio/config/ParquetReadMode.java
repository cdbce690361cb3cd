package io.jdlio.config;

/**
 * {@code dataset.parquet.read_mode}: {@code row_group} reads a row group's chosen columns when a sample in it is
 * first needed (pyarrow's {@code read_row_group}); {@code table} reads every row group of the file at its first
 * sample (pyarrow's {@code read_table}). {@code default} is row_group.
 */
public enum ParquetReadMode implements YamlEnum {
    DEFAULT, ROW_GROUP, TABLE
}
