package io.jdlio.config;

/**
 * A numpy dtype name as DLIO accepts it in {@code record_element_type} and the checkpoint datatypes
 * ({@code fp16}, {@code bf16}...), with its size and the NPY {@code descr} jdlio writes.
 */
public enum ElementType {
    UINT8("uint8", 1, "|u1"), INT8("int8", 1, "|i1"), UINT16("uint16", 2, "<u2"), INT16("int16", 2, "<i2"),
    UINT32("uint32", 4, "<u4"), INT32("int32", 4, "<i4"), UINT64("uint64", 8, "<u8"), INT64("int64", 8, "<i8"),
    FLOAT16("float16", 2, "<f2"), BFLOAT16("bfloat16", 2, "<V2"), FLOAT32("float32", 4, "<f4"),
    FLOAT64("float64", 8, "<f8"), BOOL("bool", 1, "|b1");

    private final String numpyName;
    private final int bytes;
    private final String descr;

    ElementType(String numpyName, int bytes, String descr) {
        this.numpyName = numpyName;
        this.bytes = bytes;
        this.descr = descr;
    }

    public String numpyName() {
        return numpyName;
    }

    public int bytes() {
        return bytes;
    }

    /** The NPY header's {@code descr}. */
    public String descr() {
        return descr;
    }

    /** Resolves numpy names, their aliases and DLIO's model datatypes; null when unknown. */
    public static ElementType parse(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "uint8": case "u1": case "ubyte": return UINT8;
            case "int8": case "i1": case "byte": return INT8;
            case "uint16": case "u2": return UINT16;
            case "int16": case "i2": case "short": return INT16;
            case "uint32": case "u4": return UINT32;
            case "int32": case "i4": case "int": case "intc": return INT32;
            case "uint64": case "u8": return UINT64;
            case "int64": case "i8": case "long": return INT64;
            case "float16": case "f2": case "half": case "fp16": return FLOAT16;
            case "bfloat16": case "bf16": return BFLOAT16;
            case "float32": case "f4": case "float": case "single": case "fp32": return FLOAT32;
            case "float64": case "f8": case "double": case "fp64": return FLOAT64;
            case "bool": return BOOL;
            default: return null;
        }
    }
}
