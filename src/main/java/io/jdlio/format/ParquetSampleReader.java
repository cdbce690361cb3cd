package io.jdlio.format;

import io.jdlio.storage.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.Util;
import shaded.parquet.org.apache.thrift.TException;
import shaded.parquet.org.apache.thrift.protocol.TCompactProtocol;

/**
 * Reads a Parquet file the way pyarrow's {@code read_row_group(g, columns=...)} does for a loader: the footer
 * once, then for the row group holding a sample, the column chunks of the chosen columns, each in one pass.
 * Every page header is parsed and checked against the footer; page payloads are skipped, not decoded. A row
 * group is read once per open file, as a loader keeps the group it read for the samples that follow.
 */
final class ParquetSampleReader implements SampleReader {
    /** What pyarrow reads from a file's end to find the footer; most footers fit. */
    private static final int FOOTER_READ = 64 << 10;
    /** Page headers up to this size decode from an array; a larger one (big statistics) from the stream. */
    private static final int PEEK = 512;

    private final ObjectReader in;
    private final String name;
    private final long[] firstRow;          // [group], plus the row count at the end
    private final Chunk[][] chunks;         // [group][chosen column]
    private final boolean[] groupRead;
    private final boolean wholeFile;
    private long pending;
    /** A page header's bytes copied out of the (direct) read buffer, decoded from the array. */
    private final byte[] peek = new byte[PEEK];
    private final ThriftBytes peeked = new ThriftBytes(peek, 0, 0);
    private final TCompactProtocol headerProtocol = new TCompactProtocol(peeked);

    /** A column chunk to read: where it lives and how many values its pages must add up to. */
    private record Chunk(String column, long start, long length, long values) {
    }

    /** A file's footer as read, and what this reader needs of it: each group's first row, the chosen chunks. */
    private record Footer(byte[] bytes, long[] firstRow, Chunk[][] chunks) {
        /** About what the entry holds in the heap: the bytes, and a chunk's record, string and array slot. */
        long cost() {
            long n = 0;
            for (Chunk[] g : chunks) {
                n += g.length;
            }
            return bytes.length + 8L * firstRow.length + 96 * n;
        }
    }

    /**
     * Footers a run has parsed, by file, for one column selection (one per format instance), held up to
     * {@value #BUDGET} bytes. Every open still reads the footer from storage, as a loader must; when its bytes
     * equal the ones parsed before, the chunk table is taken from here instead of decoding the Thrift again:
     * decoding 200 columns' metadata cost more CPU than reading the chunks it points at (DLRM's shape), and
     * that time is jdlio's, not the storage's. A file rewritten since (other bytes) is parsed anew.
     */
    static final class Footers {
        static final long BUDGET = 64 << 20;
        private final java.util.concurrent.ConcurrentHashMap<String, Footer> byFile =
                new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong held = new java.util.concurrent.atomic.AtomicLong();

        private Footer get(String name, byte[] bytes) {
            Footer f = byFile.get(name);
            if (f == null) {
                return null;
            }
            if (Arrays.equals(f.bytes(), bytes)) {
                return f;
            }
            if (byFile.remove(name, f)) {
                held.addAndGet(-f.cost());
            }
            return null;
        }

        private void put(String name, Footer f) {
            long cost = f.cost();
            if (held.addAndGet(cost) > BUDGET || byFile.putIfAbsent(name, f) != null) {
                held.addAndGet(-cost);
            }
        }

        /** Files whose footer is held (for tests). */
        int size() {
            return byFile.size();
        }
    }

    private ParquetSampleReader(ObjectReader in, String name, long[] firstRow, Chunk[][] chunks, boolean wholeFile,
                                long footerBytes) {
        this.in = in;
        this.name = name;
        this.firstRow = firstRow;
        this.chunks = chunks;
        this.groupRead = new boolean[chunks.length];
        this.wholeFile = wholeFile;
        this.pending = footerBytes;
    }

    /**
     * Reads the footer. {@code columns} are the names to read (all when empty); a name the file lacks is an
     * error, since the file was then written for another column list.
     */
    static ParquetSampleReader open(ObjectReader in, String name, List<String> columns, boolean wholeFile,
                                    Footers footers) throws IOException {
        long size = in.size();
        if (size < 12) {
            throw new IOException(name + ": not a Parquet file (" + size + " bytes)");
        }
        int tailLength = (int) Math.min(size, FOOTER_READ);
        ByteBuffer tail = ByteBuffer.allocate(tailLength).order(ByteOrder.LITTLE_ENDIAN);
        long read = Payload.readFully(in, size - tailLength, tail, name);
        byte[] magic = new byte[4];
        tail.get(tailLength - 4, magic);
        if (!Arrays.equals(magic, ParquetFormat.MAGIC)) {
            throw new IOException(name + ": not a Parquet file (no PAR1 at its end)");
        }
        long footerLength = Integer.toUnsignedLong(tail.getInt(tailLength - 8));
        if (footerLength + 12 > size) {
            throw new IOException(name + ": Parquet footer length " + footerLength + " exceeds the file ("
                    + size + " bytes); the file is truncated or corrupt");
        }
        byte[] footer = new byte[(int) footerLength];
        if (footerLength + 8 <= tailLength) {
            tail.get((int) (tailLength - 8 - footerLength), footer);
        } else {
            // only what lies before the tail already read, as pyarrow does: the footer's end is in the tail
            int before = (int) (footerLength + 8 - tailLength);
            read += Payload.readFully(in, size - 8 - footerLength, ByteBuffer.wrap(footer, 0, before), name);
            tail.get(0, footer, before, tailLength - 8);
        }
        Footer known = footers.get(name, footer);
        if (known != null) {
            return new ParquetSampleReader(in, name, known.firstRow(), known.chunks(), wholeFile, read);
        }
        try {
            FileMetaData meta = new FileMetaData();
            meta.read(new TCompactProtocol(new ThriftBytes(footer, 0, footer.length)));
            Footer parsed = new Footer(footer, firstRows(meta), chunks(meta, columns, name));
            footers.put(name, parsed);
            return new ParquetSampleReader(in, name, parsed.firstRow(), parsed.chunks(), wholeFile, read);
        } catch (IOException | TException | RuntimeException e) {
            if (e instanceof IOException io && e.getMessage() != null && e.getMessage().startsWith(name)) {
                throw io;
            }
            // garbage decodes as thrift in many ways: a missing field, a null list, an absurd count
            throw new IOException(name + ": expected a Parquet footer (FileMetaData, " + footerLength
                    + " bytes) at offset " + (size - 8 - footerLength) + ", it is unreadable: " + e, e);
        }
    }

    private static long[] firstRows(FileMetaData meta) {
        long[] first = new long[meta.getRow_groups().size() + 1];
        for (int g = 0; g < meta.getRow_groups().size(); g++) {
            first[g + 1] = first[g] + meta.getRow_groups().get(g).getNum_rows();
        }
        return first;
    }

    private static Chunk[][] chunks(FileMetaData meta, List<String> columns, String name) throws IOException {
        Set<String> missing = new LinkedHashSet<>(columns);
        Set<String> wanted = Set.copyOf(columns);
        Chunk[][] out = new Chunk[meta.getRow_groups().size()][];
        for (int g = 0; g < out.length; g++) {
            RowGroup group = meta.getRow_groups().get(g);
            List<Chunk> chosen = new ArrayList<>();
            for (var chunk : group.getColumns()) {
                ColumnMetaData c = chunk.getMeta_data();
                String column = c.getPath_in_schema().get(0);
                if (wanted.isEmpty() || wanted.contains(column)) {
                    missing.remove(column);
                    long start = c.isSetDictionary_page_offset()
                            ? Math.min(c.getDictionary_page_offset(), c.getData_page_offset()) : c.getData_page_offset();
                    chosen.add(new Chunk(String.join(".", c.getPath_in_schema()), start,
                            c.getTotal_compressed_size(), c.getNum_values()));
                }
            }
            out[g] = chosen.toArray(new Chunk[0]);
        }
        if (!missing.isEmpty()) {
            throw new IOException(name + ": has no column " + String.join(", ", missing) + " of "
                    + "dataset.parquet.columns; it was generated for another column list: delete the data folder "
                    + "and generate again");
        }
        return out;
    }

    @Override
    public long readSample(int sample, ByteBuffer scratch) throws IOException {
        int g = group(sample);
        long bytes = pending;
        pending = 0;
        int from = wholeFile ? 0 : g;
        int to = wholeFile ? chunks.length : g + 1;
        for (int i = from; i < to; i++) {
            if (!groupRead[i]) {
                groupRead[i] = true;
                for (Chunk c : chunks[i]) {
                    bytes += readChunk(i, c, scratch);
                }
            }
        }
        return bytes;
    }

    @Override
    public int residentUntil(int from, int to) {
        long rows = firstRow[firstRow.length - 1];
        if (pending != 0 || from < 0 || from >= rows || to <= from) {
            return from;
        }
        if (wholeFile) {
            return groupRead[0] ? (int) Math.min(to, rows) : from;    // every group is read at once
        }
        int g = Arrays.binarySearch(firstRow, from);
        g = g >= 0 ? g : -g - 2;
        int end = from;
        while (g < groupRead.length && groupRead[g] && end < to) {
            end = (int) Math.min(to, firstRow[g + 1]);
            g++;
        }
        return end;
    }

    private int group(int sample) throws IOException {
        if (sample < 0 || sample >= firstRow[firstRow.length - 1]) {
            throw new IOException(name + ": has " + firstRow[firstRow.length - 1] + " rows, sample " + sample
                    + " asked; was it generated with another num_samples_per_file?");
        }
        int g = Arrays.binarySearch(firstRow, sample);
        return g >= 0 ? g : -g - 2;
    }

    /** Reads one column chunk front to back, checking each page header against the footer. */
    private long readChunk(int group, Chunk c, ByteBuffer scratch) throws IOException {
        ChunkStream s = new ChunkStream(c.start(), c.length(), scratch);
        long values = 0;
        while (s.offset() < c.length()) {
            long at = c.start() + s.offset();
            PageHeader h;
            try {
                h = s.pageHeader();
            } catch (IOException e) {
                throw corrupt(group, c, at, "unreadable page header (" + e.getMessage() + ")");
            }
            if (h.getCompressed_page_size() < 0 || s.offset() + h.getCompressed_page_size() > c.length()) {
                throw corrupt(group, c, at, "page of " + h.getCompressed_page_size() + " bytes runs past its chunk");
            }
            s.skip(h.getCompressed_page_size(), at);
            if (h.isSetData_page_header()) {
                values += h.getData_page_header().getNum_values();
            } else if (h.isSetData_page_header_v2()) {
                values += h.getData_page_header_v2().getNum_values();
            }
        }
        if (values != c.values()) {
            throw corrupt(group, c, c.start(), "pages hold " + values + " values, the footer says " + c.values());
        }
        return s.bytesRead();
    }

    private IOException corrupt(int group, Chunk c, long at, String what) {
        return new IOException(name + ": corrupt Parquet column chunk " + c.column() + " of row group " + group
                + " at byte " + at + ": " + what);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * A column chunk as a stream, read in scratch-sized pieces so each byte is read from storage once; page
     * headers are parsed from it and payloads skipped through it.
     */
    private final class ChunkStream extends InputStream {
        private final long start;
        private final long end;
        private final ByteBuffer buffer;
        private long next;

        ChunkStream(long start, long length, ByteBuffer scratch) {
            this.start = start;
            this.end = start + length;
            this.next = start;
            this.buffer = scratch.duplicate();
            this.buffer.limit(0);
        }

        /** Offset in the chunk of the next byte handed out. */
        long offset() {
            return next - start - buffer.remaining();
        }

        long bytesRead() {
            return next - start;
        }

        private boolean fill() throws IOException {
            if (next >= end) {
                return false;
            }
            buffer.clear();
            buffer.limit((int) Math.min(buffer.capacity(), end - next));
            next += Payload.readFully(in, next, buffer, name);
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!buffer.hasRemaining() && !fill()) {
                return -1;
            }
            return buffer.get() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (!buffer.hasRemaining() && !fill()) {
                return -1;
            }
            int n = Math.min(len, buffer.remaining());
            buffer.get(b, off, n);
            return n;
        }

        /**
         * The page header at the read position. Decoded from a copy of the bytes in hand, which is what makes it
         * cheap; when they end before the header does, decoded again through the stream.
         */
        PageHeader pageHeader() throws IOException {
            if (!buffer.hasRemaining() && !fill()) {
                throw new IOException(name + ": column chunk ends where a page header should start");
            }
            int n = Math.min(PEEK, buffer.remaining());
            buffer.get(buffer.position(), peek, 0, n);
            peeked.reset(0, n);
            PageHeader h = new PageHeader();
            try {
                h.read(headerProtocol);
                buffer.position(buffer.position() + peeked.position());
                return h;
            } catch (TException | RuntimeException e) {
                // the header may run past the bytes in hand; the stream reads on (and fails if it is corrupt)
                headerProtocol.reset();
                return Util.readPageHeader(this);
            }
        }

        /** Reads past {@code n} payload bytes. */
        void skip(long n, long pageAt) throws IOException {
            long left = n;
            while (left > 0) {
                if (!buffer.hasRemaining() && !fill()) {
                    throw new IOException(name + ": page at byte " + pageAt + " ends early (file truncated?)");
                }
                int k = (int) Math.min(left, buffer.remaining());
                buffer.position(buffer.position() + k);
                left -= k;
            }
        }
    }
}
