package io.jdlio.format;

import io.jdlio.config.ParquetDtype;
import java.util.List;
import org.apache.parquet.format.ConvertedType;
import org.apache.parquet.format.FieldRepetitionType;
import org.apache.parquet.format.Float16Type;
import org.apache.parquet.format.IntType;
import org.apache.parquet.format.ListType;
import org.apache.parquet.format.LogicalType;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.StringType;
import org.apache.parquet.format.Type;

/**
 * One Parquet column as jdlio lays it out: numeric columns of {@code size > 1} (and every {@code list}) are
 * Parquet LISTs of a required element, the way a fixed-size list reaches the file; the rest are required
 * scalars. Values are PLAIN-encoded, so every row of a column occupies the same bytes and a file's size is
 * known before it is written (uncompressed).
 */
record ParquetColumn(String name, ParquetDtype dtype, long size, boolean read) {
    /** DLIO writes strings as {@code s_<int>}; jdlio pads the number so every string has this length. */
    static final int STRING_CHARS = 12;

    /** The default layout without a columns list: one binary column holding each sample's bytes. */
    static ParquetColumn binary(long recordBytes) {
        return new ParquetColumn("data", ParquetDtype.BINARY, recordBytes, true);
    }

    boolean isList() {
        return dtype == ParquetDtype.LIST || size > 1 && dtype != ParquetDtype.BINARY
                && dtype != ParquetDtype.STRING && dtype != ParquetDtype.BOOL;
    }

    /** Values per row: the list length, or one. */
    long valuesPerRow() {
        return isList() ? size : 1;
    }

    /** Content bytes one value draws from the generator (a bool draws a bit: see {@link #contentBytes}). */
    long contentBytesPerValue() {
        switch (dtype) {
            case UINT8: case INT8: return 1;
            case UINT16: case INT16: case FLOAT16: return 2;
            case UINT32: case INT32: case FLOAT32: case LIST: return 4;
            case UINT64: case INT64: case FLOAT64: return 8;
            case STRING: return 4;
            case BINARY: return size;
            default: return 0;
        }
    }

    /** PLAIN bytes of one value on disk: 8 and 16-bit integers widen to INT32; byte arrays carry a length. */
    long plainBytesPerValue() {
        switch (dtype) {
            case UINT8: case INT8: case UINT16: case INT16: return 4;
            case STRING: return 4 + STRING_CHARS;
            case BINARY: return 4 + size;
            default: return contentBytesPerValue();
        }
    }

    /** PLAIN bytes of {@code values} values. */
    long plainBytes(long values) {
        return dtype == ParquetDtype.BOOL ? (values + 7) / 8 : values * plainBytesPerValue();
    }

    /** Content bytes {@code values} values draw from the generator. */
    long contentBytes(long values) {
        return dtype == ParquetDtype.BOOL ? (values + 7) / 8 : values * contentBytesPerValue();
    }

    /** The path of the leaf column in the schema, as the footer names it. */
    List<String> path() {
        return isList() ? List.of(name, "list", "element") : List.of(name);
    }

    /** The schema elements of this column, depth first: a LIST group, its repeated group, then the leaf. */
    List<SchemaElement> schema() {
        SchemaElement leaf = leaf(isList() ? "element" : name);
        if (!isList()) {
            return List.of(leaf);
        }
        SchemaElement list = new SchemaElement(name);
        list.setRepetition_type(FieldRepetitionType.REQUIRED);
        list.setNum_children(1);
        list.setConverted_type(ConvertedType.LIST);
        list.setLogicalType(LogicalType.LIST(new ListType()));
        SchemaElement repeated = new SchemaElement("list");
        repeated.setRepetition_type(FieldRepetitionType.REPEATED);
        repeated.setNum_children(1);
        return List.of(list, repeated, leaf);
    }

    Type physicalType() {
        switch (dtype) {
            case UINT8: case INT8: case UINT16: case INT16: case UINT32: case INT32: return Type.INT32;
            case UINT64: case INT64: return Type.INT64;
            case FLOAT16: return Type.FIXED_LEN_BYTE_ARRAY;
            case FLOAT32: case LIST: return Type.FLOAT;
            case FLOAT64: return Type.DOUBLE;
            case BOOL: return Type.BOOLEAN;
            default: return Type.BYTE_ARRAY;
        }
    }

    private SchemaElement leaf(String leafName) {
        SchemaElement e = new SchemaElement(leafName);
        e.setType(physicalType());
        e.setRepetition_type(FieldRepetitionType.REQUIRED);
        switch (dtype) {
            case UINT8: integer(e, 8, false, ConvertedType.UINT_8); break;
            case UINT16: integer(e, 16, false, ConvertedType.UINT_16); break;
            case UINT32: integer(e, 32, false, ConvertedType.UINT_32); break;
            case UINT64: integer(e, 64, false, ConvertedType.UINT_64); break;
            case INT8: integer(e, 8, true, ConvertedType.INT_8); break;
            case INT16: integer(e, 16, true, ConvertedType.INT_16); break;
            case FLOAT16:
                e.setType_length(2);
                e.setLogicalType(LogicalType.FLOAT16(new Float16Type()));
                break;
            case STRING:
                e.setConverted_type(ConvertedType.UTF8);
                e.setLogicalType(LogicalType.STRING(new StringType()));
                break;
            default:
                break;
        }
        return e;
    }

    private static void integer(SchemaElement e, int bits, boolean signed, ConvertedType converted) {
        e.setConverted_type(converted);
        e.setLogicalType(LogicalType.INTEGER(new IntType((byte) bits, signed)));
    }
}
