package io.jdlio.format;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NPY header numpy writes (format 1.0; 2.0 only if the header outgrows 64 KiB): magic, version, length,
 * then the dict with sorted keys, 21 - len(repr(shape[0])) spaces of growth room, and padding to 64 bytes.
 */
public final class NpyHeader {
    static final int ALIGN = 64;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");

    private NpyHeader() {
    }

    /** The full header for an array of this dtype and shape. */
    public static byte[] encode(String descr, long[] shape) {
        StringBuilder dict = new StringBuilder("{'descr': '").append(descr)
                .append("', 'fortran_order': False, 'shape': ").append(shapeRepr(shape)).append(", }");
        if (shape.length > 0) {
            dict.append(" ".repeat(Math.max(0, 21 - String.valueOf(shape[0]).length())));
        }
        int hlen = dict.length() + 1;
        int prefix = 10;
        int pad = ALIGN - ((prefix + hlen) % ALIGN);
        boolean v2 = hlen + pad > 65535;
        if (v2) {
            prefix = 12;
            pad = ALIGN - ((prefix + hlen) % ALIGN);
        }
        ByteBuffer b = ByteBuffer.allocate(prefix + hlen + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (v2 ? 2 : 1)).put((byte) 0);
        if (v2) {
            b.putInt(hlen + pad);
        } else {
            b.putShort((short) (hlen + pad));
        }
        b.put(dict.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < pad; i++) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    static String shapeRepr(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(shape[i]);
        }
        return s.append(')').toString();
    }

    /** A parsed header: where the data starts (relative to the header's start), the dtype and the shape. */
    public record Parsed(int dataOffset, String descr, long[] shape) {
        public long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        /** The digits of the dtype ('<f4' is 4); read per sample, so no regular expression. */
        public int itemSize() {
            int size = 0;
            boolean digits = false;
            for (int i = 0; i < descr.length(); i++) {
                char c = descr.charAt(i);
                if (c >= '0' && c <= '9') {
                    size = size * 10 + (c - '0');
                    digits = true;
                }
            }
            if (!digits) {
                throw new NumberFormatException("NPY dtype " + descr + " has no item size");
            }
            return size;
        }
    }

    /** Parses a header from {@code buf}'s position; {@code name} names the file in errors. */
    public static Parsed parse(ByteBuffer buf, String name) throws IOException {
        return parse(buf, name, 0);
    }

    /**
     * Parses a header from {@code buf}'s position, which is byte {@code offset} of what {@code name} names;
     * errors say where and what was expected there.
     */
    public static Parsed parse(ByteBuffer buf, String name, long offset) throws IOException {
        ByteBuffer b = buf.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 10) {
            throw new IOException(name + ": expected a 10-byte NPY header at offset " + offset + ", found "
                    + b.remaining() + " bytes (truncated?)");
        }
        for (byte m : MAGIC) {
            if (b.get() != m) {
                throw new IOException(name + ": expected the NPY magic \\x93NUMPY at offset " + offset
                        + ", found other bytes; the file is corrupt");
            }
        }
        int major = b.get();
        b.get();
        int prefix = major == 1 ? 10 : 12;
        long hlen = major == 1 ? Short.toUnsignedInt(b.getShort()) : Integer.toUnsignedLong(b.getInt());
        if (b.remaining() < hlen) {
            throw new IOException(name + ": NPY header of " + hlen + " bytes at offset " + offset
                    + " is cut short");
        }
        Seen seen = lastSeen;
        if (seen != null && seen.prefix == prefix && seen.text.length == hlen
                && b.slice().limit((int) hlen).mismatch(ByteBuffer.wrap(seen.text)) == -1) {
            return seen.parsed;
        }
        byte[] text = new byte[(int) hlen];
        b.get(text);
        Parsed parsed = parseDict(text, prefix, name, offset);
        lastSeen = new Seen(prefix, text, parsed);
        return parsed;
    }

    /**
     * The header parsed last, by any thread: a dataset's samples share one header, and parsing its text (a
     * dictionary, by regular expressions) cost more CPU and garbage per sample than reading a 4 KiB sample. A
     * race replaces it with another valid one.
     */
    private static volatile Seen lastSeen;

    private record Seen(int prefix, byte[] text, Parsed parsed) {
    }

    private static Parsed parseDict(byte[] text, int prefix, String name, long offset) throws IOException {
        long hlen = text.length;
        String dict = new String(text, StandardCharsets.US_ASCII);
        Matcher shape = SHAPE.matcher(dict);
        Matcher descr = DESCR.matcher(dict);
        if (!shape.find() || !descr.find() || dict.contains("'fortran_order': True")) {
            throw new IOException(name + ": expected an NPY header of a C-order array at offset " + offset + ", found "
                    + dict.trim());
        }
        List<Long> dims = new ArrayList<>();
        for (String d : shape.group(1).split(",")) {
            if (!d.isBlank()) {
                dims.add(Long.parseLong(d.trim()));
            }
        }
        return new Parsed(prefix + (int) hlen, descr.group(1), dims.stream().mapToLong(Long::longValue).toArray());
    }
}
