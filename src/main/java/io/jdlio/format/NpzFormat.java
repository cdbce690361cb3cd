package io.jdlio.format;

import io.jdlio.config.Compression;
import io.jdlio.config.DataFormat;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * DLIO's npz, byte for byte as {@code np.savez(f, x=x, y=y)} writes it with Python's zipfile: stored entries
 * {@code x.npy} (the samples, shape {@code (*sample shape, nspf)}) and {@code y.npy} (nspf int64 zeros), each
 * local header with a forced ZIP64 extra, a central directory, and ZIP64 end records only past 2 GiB.
 */
public final class NpzFormat implements StreamFormat {
    private static final long ZIP64_LIMIT = (1L << 31) - 1;
    private static final int LOCAL = 30;
    private static final int CENTRAL = 46;
    private static final int END = 22;
    private static final int ZIP64_EXTRA = 20;
    private static final byte[] X = "x.npy".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] Y = "y.npy".getBytes(StandardCharsets.US_ASCII);
    private static final int TAIL_READ = 512;
    /**
     * Each reader thread's buffer for an open's small reads (the tail, then the member's local header): a fresh
     * one per sample was a sixth of the garbage a 4 KiB sample's read made. Nothing outlives the open.
     */
    private static final ThreadLocal<ByteBuffer> OPEN_SCRATCH = ThreadLocal.withInitial(
            () -> ByteBuffer.allocate(TAIL_READ).order(ByteOrder.LITTLE_ENDIAN));

    /** {@code compression: zip} deflates as savez_compressed; every other value stores, as np.savez. */
    public static final FormatDescriptor DESCRIPTOR = FormatDescriptor.plain(DataFormat.NPZ,
            d -> new NpzFormat(d.compression() == Compression.ZIP));

    private final boolean compressed;

    /** Stored members, as {@code np.savez}. */
    public NpzFormat() {
        this(false);
    }

    /** With {@code compressed}, deflated members as {@code np.savez_compressed} ({@code compression: zip}). */
    public NpzFormat(boolean compressed) {
        this.compressed = compressed;
    }

    @Override
    public DataFormat kind() {
        return DataFormat.NPZ;
    }

    private static byte[] yArray(int nspf) {
        return NpyHeader.encode(ElementType.INT64.descr(), new long[] {nspf});
    }

    @Override
    public long fileSize(FileSpec spec) {
        return compressed ? -1 : layout(spec).end;
    }

    /** Offsets of every part of the file, computed once so the size and the writer agree. */
    private static Layout layout(FileSpec spec) {
        Layout l = new Layout();
        l.xHeader = NpyFormat.header(spec);
        l.xSize = l.xHeader.length + spec.payloadBytes();
        l.yHeader = yArray(spec.samplesPerFile());
        l.ySize = l.yHeader.length + 8L * spec.samplesPerFile();
        l.yOffset = LOCAL + X.length + ZIP64_EXTRA + l.xSize;
        l.centralOffset = l.yOffset + LOCAL + Y.length + ZIP64_EXTRA + l.ySize;
        l.centralSize = centralEntrySize(l.xSize, 0) + centralEntrySize(l.ySize, l.yOffset);
        boolean zip64End = l.centralOffset > ZIP64_LIMIT || l.centralSize > ZIP64_LIMIT;
        l.end = l.centralOffset + l.centralSize + (zip64End ? 56 + 20 : 0) + END;
        return l;
    }

    private static final class Layout {
        byte[] xHeader;
        byte[] yHeader;
        long xSize;
        long ySize;
        long yOffset;
        long centralOffset;
        long centralSize;
        long end;
    }

    private static int centralEntrySize(long size, long headerOffset) {
        int extras = (size > ZIP64_LIMIT ? 2 : 0) + (headerOffset > ZIP64_LIMIT ? 1 : 0);
        return CENTRAL + 5 + (extras == 0 ? 0 : 4 + 8 * extras);
    }

    @Override
    public void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch)
            throws IOException {
        if (compressed) {
            writeCompressed(spec, content, out, scratch);
            return;
        }
        Layout l = layout(spec);
        CRC32 xCrc = new CRC32();
        boolean patch = out.canWriteAt(fileSize(spec));
        if (!patch) {
            // no seeking back: one pass to learn the CRC, then the real pass
            xCrc.update(l.xHeader);
            Payload.crc(content, spec.payloadBytes(), scratch, xCrc);
        }
        out.write(localHeader(X, patch ? 0 : xCrc.getValue(), l.xSize));
        CRC32 running = patch ? xCrc : null;
        if (running != null) {
            running.update(l.xHeader);
        }
        out.write(ByteBuffer.wrap(l.xHeader));
        Payload.write(content, spec.payloadBytes(), out, scratch, running);

        CRC32 yCrc = new CRC32();
        yCrc.update(l.yHeader);
        yCrc.update(new byte[8 * spec.samplesPerFile()]);
        out.write(localHeader(Y, yCrc.getValue(), l.ySize));
        out.write(ByteBuffer.wrap(l.yHeader));
        Payload.zeros(8L * spec.samplesPerFile(), out, scratch, null);

        out.write(centralEntry(X, xCrc.getValue(), l.xSize, 0));
        out.write(centralEntry(Y, yCrc.getValue(), l.ySize, l.yOffset));
        out.write(endRecords(l));
        if (patch) {
            out.writeAt(0, localHeader(X, xCrc.getValue(), l.xSize));
        }
    }

    private static ByteBuffer localHeader(byte[] name, long crc, long size) {
        return localHeader(name, 0, crc, size, size);
    }

    private static ByteBuffer localHeader(byte[] name, int method, long crc, long size, long stored) {
        boolean big = size > ZIP64_LIMIT || stored > ZIP64_LIMIT;
        ByteBuffer b = ByteBuffer.allocate(LOCAL + name.length + ZIP64_EXTRA).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x04034b50).putShort((short) (big ? 45 : 20)).putShort((short) 0).putShort((short) method)
                .putShort((short) 0).putShort((short) 0x21)            // time 00:00, date 1980-01-01
                .putInt((int) crc)
                .putInt(big ? -1 : (int) stored).putInt(big ? -1 : (int) size)
                .putShort((short) name.length).putShort((short) ZIP64_EXTRA).put(name)
                .putShort((short) 1).putShort((short) 16).putLong(size).putLong(stored);
        return b.flip();
    }

    private static ByteBuffer centralEntry(byte[] name, long crc, long size, long offset) {
        return centralEntry(name, 0, crc, size, size, offset);
    }

    private static ByteBuffer centralEntry(byte[] name, int method, long crc, long size, long stored, long offset) {
        boolean bigSize = size > ZIP64_LIMIT || stored > ZIP64_LIMIT;
        boolean bigOffset = offset > ZIP64_LIMIT;
        int extras = (bigSize ? 2 : 0) + (bigOffset ? 1 : 0);
        int extraLen = extras == 0 ? 0 : 4 + 8 * extras;
        short version = (short) (extras == 0 ? 20 : 45);
        ByteBuffer b = ByteBuffer.allocate(CENTRAL + name.length + extraLen).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x02014b50).putShort((short) (0x0300 | version)).putShort(version).putShort((short) 0)
                .putShort((short) method).putShort((short) 0).putShort((short) 0x21).putInt((int) crc)
                .putInt(bigSize ? -1 : (int) stored).putInt(bigSize ? -1 : (int) size)
                .putShort((short) name.length).putShort((short) extraLen).putShort((short) 0)
                .putShort((short) 0).putShort((short) 0).putInt(0600 << 16)
                .putInt(bigOffset ? -1 : (int) offset).put(name);
        if (extras > 0) {
            b.putShort((short) 1).putShort((short) (8 * extras));
            if (bigSize) {
                b.putLong(size).putLong(stored);
            }
            if (bigOffset) {
                b.putLong(offset);
            }
        }
        return b.flip();
    }

    private static ByteBuffer endRecords(Layout l) {
        return endRecords(l.centralOffset, l.centralSize);
    }

    private static ByteBuffer endRecords(long centralOffset, long centralSize) {
        boolean zip64 = centralOffset > ZIP64_LIMIT || centralSize > ZIP64_LIMIT;
        ByteBuffer b = ByteBuffer.allocate((zip64 ? 76 : 0) + END).order(ByteOrder.LITTLE_ENDIAN);
        long endOffset = centralOffset + centralSize;
        if (zip64) {
            b.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(2).putLong(2).putLong(centralSize).putLong(centralOffset);
            b.putInt(0x07064b50).putInt(0).putLong(endOffset).putInt(1);
        }
        b.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) 2).putShort((short) 2)
                .putInt((int) Math.min(centralSize, 0xFFFFFFFFL))
                .putInt((int) Math.min(centralOffset, 0xFFFFFFFFL)).putShort((short) 0);
        return b.flip();
    }

    /** Deflates {@code src} fully into {@code out} (when non-null); returns the compressed bytes. */
    private static long deflate(Deflater d, ByteBuffer src, ObjectWriter out, ByteBuffer sink) throws IOException {
        d.setInput(src);
        long n = 0;
        while (!d.needsInput()) {
            n += drain(d, out, sink);
        }
        return n;
    }

    private static long finish(Deflater d, ObjectWriter out, ByteBuffer sink) throws IOException {
        d.finish();
        long n = 0;
        while (!d.finished()) {
            n += drain(d, out, sink);
        }
        return n;
    }

    private static long drain(Deflater d, ObjectWriter out, ByteBuffer sink) throws IOException {
        sink.clear();
        int n = d.deflate(sink);
        sink.flip();
        if (out != null && n > 0) {
            out.write(sink);
        }
        return n;
    }

    /** One member compressed: CRC and sizes, written to {@code out} or only counted when it is null. */
    private static long[] deflateMember(byte[] header, ContentStream content, long payload, boolean zeros,
                                        ObjectWriter out, ByteBuffer scratch, ByteBuffer sink) throws IOException {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        CRC32 crc = new CRC32();
        try {
            crc.update(header);
            long stored = deflate(d, ByteBuffer.wrap(header), out, sink);
            long done = 0;
            while (done < payload) {
                scratch.clear();
                scratch.limit((int) Math.min(scratch.capacity(), payload - done));
                if (zeros) {
                    for (int i = 0; i < scratch.limit(); i++) {
                        scratch.put(i, (byte) 0);
                    }
                } else {
                    content.fill(scratch, done);
                }
                scratch.position(0);
                crc.update(scratch.duplicate());
                stored += deflate(d, scratch, out, sink);
                done += scratch.limit();
            }
            stored += finish(d, out, sink);
            return new long[] {crc.getValue(), header.length + payload, stored};
        } finally {
            d.end();
        }
    }

    /**
     * {@code np.savez_compressed}: both members deflated. Sizes are known only after compressing, so x's local
     * header is patched at the end, or, for stores that cannot seek back, learnt in a counting first pass.
     */
    private void writeCompressed(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch)
            throws IOException {
        byte[] xHeader = NpyFormat.header(spec);
        byte[] yHeader = yArray(spec.samplesPerFile());
        ByteBuffer sink = ByteBuffer.allocate(64 << 10);
        // its size is known only once deflated
        boolean patch = out.canWriteAt(-1);
        long[] x = patch ? null : deflateMember(xHeader, content, spec.payloadBytes(), false, null, scratch, sink);
        out.write(localHeader(X, 8, patch ? 0 : x[0], patch ? 0 : x[1], patch ? 0 : x[2]));
        x = deflateMember(xHeader, content, spec.payloadBytes(), false, out, scratch, sink);
        long yOffset = out.position();
        long[] y = deflateMember(yHeader, null, 8L * spec.samplesPerFile(), true, null, scratch, sink);
        out.write(localHeader(Y, 8, y[0], y[1], y[2]));
        deflateMember(yHeader, null, 8L * spec.samplesPerFile(), true, out, scratch, sink);
        long centralOffset = out.position();
        out.write(centralEntry(X, 8, x[0], x[1], x[2], 0));
        out.write(centralEntry(Y, 8, y[0], y[1], y[2], yOffset));
        out.write(endRecords(centralOffset, out.position() - centralOffset));
        if (patch) {
            out.writeAt(0, localHeader(X, 8, x[0], x[1], x[2]));
        }
    }

    @Override
    public SampleReader openReader(ObjectReader in, String name) throws IOException {
        // as zipfile does: the end record, the central directory, then the member's local header
        long size = in.size();
        // the end record and a two-entry directory, with room for ZIP64 records, fit in 512 bytes
        int tailLen = (int) Math.min(size, TAIL_READ);
        ByteBuffer tail = OPEN_SCRATCH.get().clear().limit(tailLen);
        long read = in.read(size - tailLen, tail);
        tail.flip();
        int eocd = -1;
        for (int i = tailLen - END; i >= 0; i--) {
            if (tail.getInt(i) == 0x06054b50) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            in.close();
            throw new IOException(name + ": not an NPZ file: expected a ZIP end record in its last " + tailLen
                    + " bytes (from offset " + (size - tailLen) + "), found none (truncated?)");
        }
        long cdSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
        long cdOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
        if (cdOffset == 0xFFFFFFFFL && eocd >= 20 && tail.getInt(eocd - 20) == 0x07064b50) {
            long z64 = tail.getLong(eocd - 12) - (size - tailLen);
            cdSize = tail.getLong((int) z64 + 40);
            cdOffset = tail.getLong((int) z64 + 48);
        }
        ByteBuffer cd;
        long tailStart = size - tailLen;
        if (cdOffset >= tailStart) {
            cd = tail.duplicate().order(ByteOrder.LITTLE_ENDIAN);
            cd.position((int) (cdOffset - tailStart));
            cd = cd.slice().order(ByteOrder.LITTLE_ENDIAN);
        } else {
            cd = ByteBuffer.allocate((int) cdSize).order(ByteOrder.LITTLE_ENDIAN);
            read += in.read(cdOffset, cd);
            cd.flip();
        }
        long[] member = findMember(cd, cdSize, X, name);
        long xOffset = member[0];
        // the tail (and the directory in it) is done with: its first bytes take the local header
        ByteBuffer local = tail.clear().limit(LOCAL);
        read += in.read(xOffset, local);
        int method = local.getShort(8);
        if (local.getInt(0) != 0x04034b50) {
            in.close();
            throw new IOException(name + ": expected x.npy's ZIP local header (PK\\3\\4) at offset " + xOffset
                    + ", as its directory entry says; the file is corrupt");
        }
        if (method != 0 && method != 8) {
            in.close();
            throw new IOException(name + ": x.npy is neither stored nor deflated (ZIP method " + method + ")");
        }
        long dataStart = xOffset + LOCAL + Short.toUnsignedInt(local.getShort(26))
                + Short.toUnsignedInt(local.getShort(28));
        return new NpyArrayReader(in, name, dataStart, member[1], read, method == 8);
    }

    /** The member's local header offset and its stored size, from its central directory entry. */
    private static long[] findMember(ByteBuffer cd, long cdSize, byte[] member, String name) throws IOException {
        int p = 0;
        while (p + CENTRAL <= cdSize && cd.getInt(p) == 0x02014b50) {
            int nameLen = Short.toUnsignedInt(cd.getShort(p + 28));
            int extraLen = Short.toUnsignedInt(cd.getShort(p + 30));
            int commentLen = Short.toUnsignedInt(cd.getShort(p + 32));
            long offset = Integer.toUnsignedLong(cd.getInt(p + 42));
            long stored = Integer.toUnsignedLong(cd.getInt(p + 20));
            byte[] n = new byte[nameLen];
            cd.get(p + CENTRAL, n);
            if (java.util.Arrays.equals(n, member)) {
                // ZIP64 extra: sizes (uncompressed, compressed) first, then the offset, each only if overflowed
                int at = p + CENTRAL + nameLen + 4;
                if (Integer.toUnsignedLong(cd.getInt(p + 24)) == 0xFFFFFFFFL) {
                    at += 8;
                }
                if (stored == 0xFFFFFFFFL) {
                    stored = cd.getLong(at);
                    at += 8;
                }
                if (offset == 0xFFFFFFFFL) {
                    offset = cd.getLong(at);
                }
                return new long[] {offset, stored};
            }
            p += CENTRAL + nameLen + extraLen + commentLen;
        }
        throw new IOException(name + ": NPZ file has no x.npy member");
    }
}
