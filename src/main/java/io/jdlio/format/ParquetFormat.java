package io.jdlio.format;

import io.jdlio.config.Compression;
import io.jdlio.config.ConfigException;
import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import io.jdlio.config.ParquetDtype;
import io.jdlio.config.ParquetReadMode;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.format.ColumnChunk;
import org.apache.parquet.format.ColumnMetaData;
import org.apache.parquet.format.DataPageHeader;
import org.apache.parquet.format.Encoding;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SchemaElement;
import org.apache.parquet.format.Util;

/**
 * MLPerf Storage's parquet: one row per sample, the columns of {@code dataset.parquet.columns} (or one binary
 * column {@code data} of the record length), row groups of {@code row_group_size} rows, pages of about 1 MiB
 * compressed with {@code dataset.compression}. Pages stream from the content generator straight to storage
 * (uncompressed) or through one page buffer (compressed): a row group is never held in memory, whatever its
 * size. Reading parses the footer, then reads the column chunks of the sample's row group for the columns
 * marked {@code read: true}, walking every page header; page payloads are not decoded.
 */
public final class ParquetFormat implements StreamFormat {
    /** Page size writers default to (pyarrow, parquet-java): small pages bound the writer's memory. */
    static final int PAGE_BYTES = 1 << 20;
    /** Opens and ends every Parquet file; read-only by convention. */
    static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    /** dataset.parquet: columns, row groups and read mode; none, snappy, gzip (with its level), lz4 or zstd. */
    public static final FormatDescriptor DESCRIPTOR = new FormatDescriptor() {
        @Override
        public DataFormat format() {
            return DataFormat.PARQUET;
        }

        @Override
        public FileFormat create(DatasetConfig d) {
            return new ParquetFormat(d.parquet(), d.compression(), d.compressionLevel());
        }

        /** Columns and row groups change bytes; which columns are read and the read mode do not. */
        @Override
        public String fingerprint(DatasetConfig d) {
            StringBuilder b = new StringBuilder(FormatDescriptor.gzipLevel(d)).append(" row_group=")
                    .append(d.parquet().rowGroupSize());
            for (DatasetConfig.Column c : d.parquet().columns()) {
                b.append(' ').append(c.name()).append(':').append(c.dtype().yamlName()).append('x').append(c.size());
            }
            return b.toString();
        }

        @Override
        public void validate(String source, DatasetConfig d) {
            ParquetFormat.validate(source, d);
        }

        /** A row is its declared columns; without columns, one binary value of the sample's shape. */
        @Override
        public String describeSample(DatasetConfig d, long[] shape) {
            List<DatasetConfig.Column> columns = d.parquet().columns();
            if (columns.isEmpty()) {
                return java.util.Arrays.toString(shape);
            }
            StringBuilder b = new StringBuilder("row of");
            for (DatasetConfig.Column c : columns) {
                b.append(' ').append(c.name()).append(' ').append(c.dtype().yamlName()).append('x').append(c.size())
                        .append(c.read() ? "," : " (not read),");
            }
            return b.substring(0, b.length() - 1);
        }
    };

    private final List<DatasetConfig.Column> declared;
    private final long rowGroupSize;
    private final Compression compression;
    private final int level;
    private final ParquetReadMode readMode;
    /** Footers parsed by this run's readers, shared by every reader thread. */
    final ParquetSampleReader.Footers footers = new ParquetSampleReader.Footers();
    /** Sizes by (record bytes, rows): a dataset has few distinct ones, and a plan asks once per file. */
    private final java.util.Map<List<Long>, Long> sizes = new java.util.concurrent.ConcurrentHashMap<>();

    public ParquetFormat(DatasetConfig.Parquet parquet, Compression compression, int level) {
        this.declared = parquet.columns();
        this.rowGroupSize = parquet.rowGroupSize();
        this.compression = compression;
        this.level = level;
        this.readMode = parquet.readMode();
    }

    @Override
    public DataFormat kind() {
        return DataFormat.PARQUET;
    }

    private static void validate(String src, DatasetConfig d) {
        Compression c = d.compression();
        if (c != Compression.NONE && c != Compression.SNAPPY && c != Compression.GZIP && c != Compression.LZ4
                && c != Compression.ZSTD) {
            throw ConfigException.expected(src, "dataset.compression", c.yamlName(),
                    "none, snappy, gzip, lz4 or zstd for parquet");
        }
        if (d.parquet().rowGroupSize() < 1) {
            throw ConfigException.expected(src, "dataset.parquet.row_group_size", d.parquet().rowGroupSize(),
                    "at least 1");
        }
        // without columns a sample is one binary value, and a value lives in one page, whose size is an int
        if (d.parquet().columns().isEmpty() && d.recordLengthBytes() > Integer.MAX_VALUE - 4096) {
            throw ConfigException.expected(src, "dataset.record_length_bytes", (long) d.recordLengthBytes(),
                    "under 2 GiB for parquet without dataset.parquet.columns (a sample is one value, a value one "
                            + "page); declare columns");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        int i = 0;
        for (DatasetConfig.Column col : d.parquet().columns()) {
            String key = "dataset.parquet.columns[" + i++ + "]";
            if (col.name().isBlank() || !names.add(col.name())) {
                throw ConfigException.expected(src, key + ".name", col.name(),
                        "a column name not blank and not used twice");
            }
            if (col.size() < 1) {
                throw ConfigException.expected(src, key + ".size", col.size(), "at least 1");
            }
            // a Parquet page holds at least one row of its column, and a page's size is a 32-bit int
            if (col.size() > (Integer.MAX_VALUE - 4096) / 8) {
                throw ConfigException.expected(src, key + ".size", col.size(), "at most " + (Integer.MAX_VALUE - 4096)
                        / 8 + " elements: one row of a column is one Parquet page, and a page is under 2 GiB");
            }
        }
    }

    List<ParquetColumn> columns(FileSpec spec) {
        if (declared.isEmpty()) {
            return List.of(ParquetColumn.binary(spec.sampleBytes()));
        }
        List<ParquetColumn> out = new ArrayList<>();
        for (DatasetConfig.Column c : declared) {
            out.add(new ParquetColumn(c.name(), c.dtype(), c.size(), c.read()));
        }
        return out;
    }

    @Override
    public long fileSize(FileSpec spec) {
        if (compression != Compression.NONE) {
            return -1;
        }
        return sizes.computeIfAbsent(List.of(spec.sampleBytes(), (long) spec.samplesPerFile()), k -> {
            try {
                return new Writer(spec, null, null, null).write();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) throws IOException {
        new Writer(spec, content, out, scratch).write();
    }

    /**
     * Lays out one file. Without an output it only counts, which gives an uncompressed file's exact size: every
     * header is serialized as it would be written.
     */
    private final class Writer {
        private final List<ParquetColumn> columns;
        private final long rows;
        private final ContentStream content;
        private final ObjectWriter out;
        private final ByteBuffer scratch;
        private final ParquetCodec codec;
        private long position;
        private long contentOffset;
        private byte[] body = new byte[0];
        private byte[] packed = new byte[0];
        private int bodyLength;
        private ByteBuffer narrow;      // content bytes of 8/16-bit integers before widening, made on first use
        private final ByteBuffer lengthPrefix = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);

        Writer(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) {
            this.columns = columns(spec);
            this.rows = spec.samplesPerFile();
            this.content = content;
            this.out = out;
            // strings and widened integers are built a batch of whole values at a time in the scratch buffer
            this.scratch = scratch == null || scratch.capacity() >= 4096 ? scratch : ByteBuffer.allocate(64 << 10);
            this.codec = new ParquetCodec(compression, level);
        }

        long write() throws IOException {
            try (codec) {
                return layOut();
            }
        }

        private long layOut() throws IOException {
            emit(ByteBuffer.wrap(MAGIC));
            List<RowGroup> groups = new ArrayList<>();
            for (long first = 0; first < rows; first += rowGroupSize) {
                groups.add(rowGroup(first, Math.min(rowGroupSize, rows - first)));
            }
            List<SchemaElement> schema = new ArrayList<>();
            SchemaElement root = new SchemaElement("schema");
            root.setNum_children(columns.size());
            schema.add(root);
            for (ParquetColumn c : columns) {
                schema.addAll(c.schema());
            }
            FileMetaData footer = new FileMetaData(1, schema, rows, groups);
            footer.setCreated_by("jdlio (DLIO workload emulation)");
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Util.writeFileMetaData(footer, bytes);
            emit(ByteBuffer.wrap(bytes.toByteArray()));
            emit(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, bytes.size()));
            emit(ByteBuffer.wrap(MAGIC));
            return position;
        }

        private RowGroup rowGroup(long first, long count) throws IOException {
            long start = position;
            long uncompressed = 0;
            List<ColumnChunk> chunks = new ArrayList<>();
            for (ParquetColumn c : columns) {
                long chunkStart = position;
                long chunkUncompressed = 0;
                long perPage = Math.max(1, PAGE_BYTES / Math.max(1, c.plainBytes(c.valuesPerRow())));
                for (long r = 0; r < count; r += perPage) {
                    chunkUncompressed += page(c, Math.min(perPage, count - r));
                }
                List<Encoding> encodings = c.isList() ? List.of(Encoding.PLAIN, Encoding.RLE) : List.of(Encoding.PLAIN);
                ColumnMetaData meta = new ColumnMetaData(c.physicalType(), encodings, c.path(), codec.thrift(),
                        count * c.valuesPerRow(), chunkUncompressed, position - chunkStart, chunkStart);
                ColumnChunk chunk = new ColumnChunk(chunkStart);
                chunk.setMeta_data(meta);
                chunks.add(chunk);
                uncompressed += chunkUncompressed;
            }
            RowGroup group = new RowGroup(chunks, uncompressed, count);
            group.setFile_offset(start);
            group.setTotal_compressed_size(position - start);
            return group;
        }

        /** Writes one data page of {@code rowsInPage} rows; returns its uncompressed size, header included. */
        private long page(ParquetColumn c, long rowsInPage) throws IOException {
            long values = rowsInPage * c.valuesPerRow();
            byte[] levels = c.isList() ? levels(rowsInPage, c.size()) : new byte[0];
            long plain = levels.length + c.plainBytes(values);
            if (plain > Integer.MAX_VALUE) {
                throw new IOException("a row of column " + c.name() + " is " + plain + " bytes; a Parquet page "
                        + "holds at least one row and is under 2 GiB: lower its size or the record length");
            }
            int compressed = (int) plain;
            if (codec.compresses()) {
                if (out == null) {
                    throw new IllegalStateException("a compressed file's size is known only by writing it");
                }
                ensure((int) plain);
                System.arraycopy(levels, 0, body, 0, levels.length);
                bodyLength = levels.length;
                values(c, values, this::collect);
                compressed = codec.compress(body, bodyLength, packed);
            }
            PageHeader h = new PageHeader(PageType.DATA_PAGE, (int) plain, compressed);
            h.setData_page_header(new DataPageHeader((int) values, Encoding.PLAIN, Encoding.RLE, Encoding.RLE));
            ByteArrayOutputStream header = new ByteArrayOutputStream(32);
            Util.writePageHeader(h, header);
            emit(ByteBuffer.wrap(header.toByteArray()));
            if (codec.compresses()) {
                emit(ByteBuffer.wrap(packed, 0, compressed));
            } else {
                emit(ByteBuffer.wrap(levels));
                if (out != null) {
                    values(c, values, this::emit);
                } else {
                    position += c.plainBytes(values);
                }
            }
            return header.size() + plain;
        }

        private void ensure(int plain) {
            if (body.length < plain) {
                body = new byte[plain];
                packed = new byte[codec.maxCompressedLength(plain)];
            }
        }

        private void collect(ByteBuffer chunk) {
            int n = chunk.remaining();
            chunk.get(body, bodyLength, n);
            bodyLength += n;
        }

        private void emit(ByteBuffer b) throws IOException {
            position += b.remaining();
            if (out != null) {
                out.write(b);
            }
        }

        /** PLAIN values of column {@code c}, drawn from the content stream, handed on in scratch-sized chunks. */
        private void values(ParquetColumn c, long count, Payload.Chunk sink) throws IOException {
            switch (c.dtype()) {
                case UINT8: case INT8: case UINT16: case INT16:
                    widened(c, count, sink);
                    break;
                case STRING:
                    strings(count, sink);
                    break;
                case BINARY:
                    for (long i = 0; i < count; i++) {
                        sink.accept(lengthPrefix.clear().putInt(0, (int) c.size()));
                        raw(c.size(), sink);
                    }
                    break;
                case BOOL:
                    bits(count, sink);
                    break;
                default:
                    raw(c.contentBytes(count), sink);
            }
        }

        private void raw(long n, Payload.Chunk sink) throws IOException {
            Payload.chunks(content, contentOffset, n, scratch, sink);
            contentOffset += n;
        }

        /** Booleans bit-packed, one content bit each; the unused high bits of a last partial byte are zero. */
        private void bits(long count, Payload.Chunk sink) throws IOException {
            int partial = (int) (count % 8);
            raw(count / 8, sink);
            if (partial != 0) {
                byte last = (byte) (content.byteAt(contentOffset++) & ((1 << partial) - 1));
                sink.accept(ByteBuffer.wrap(new byte[] {last}));
            }
        }

        /** 8 and 16-bit integers: PLAIN INT32, each value sign- or zero-extended from its content bytes. */
        private void widened(ParquetColumn c, long count, Payload.Chunk sink) throws IOException {
            int width = (int) c.contentBytesPerValue();
            boolean signed = c.dtype() == ParquetDtype.INT8 || c.dtype() == ParquetDtype.INT16;
            int batch = scratch.capacity() / 4;
            if (narrow == null) {
                narrow = ByteBuffer.allocate(batch * 2).order(ByteOrder.LITTLE_ENDIAN);
            }
            long done = 0;
            while (done < count) {
                int k = (int) Math.min(batch, count - done);
                narrow.clear().limit(k * width);
                content.fill(narrow, contentOffset);
                contentOffset += (long) k * width;
                ByteBuffer wide = scratch.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < k; i++) {
                    int v = width == 1 ? narrow.get(i) : narrow.getShort(2 * i);
                    wide.putInt(signed ? v : v & (width == 1 ? 0xFF : 0xFFFF));
                }
                wide.flip();
                sink.accept(wide);
                done += k;
            }
        }

        /** {@code s_} and ten digits of a content word, as DLIO's {@code s_<int>}, each with its length. */
        private void strings(long count, Payload.Chunk sink) throws IOException {
            int batch = scratch.capacity() / (4 + ParquetColumn.STRING_CHARS);
            long done = 0;
            while (done < count) {
                int k = (int) Math.min(batch, count - done);
                ByteBuffer text = scratch.duplicate().clear().order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < k; i++) {
                    long word = 0;
                    for (int b = 0; b < 4; b++) {
                        word |= (content.byteAt(contentOffset++) & 0xFFL) << (8 * b);
                    }
                    text.putInt(ParquetColumn.STRING_CHARS);
                    text.put((byte) 's').put((byte) '_');
                    for (long div = 1_000_000_000L; div > 0; div /= 10) {
                        text.put((byte) ('0' + word / div % 10));
                    }
                }
                text.flip();
                sink.accept(text);
                done += k;
            }
        }
    }

    /**
     * Repetition and definition levels of {@code rows} rows of a {@code size}-element list, RLE-encoded with bit
     * width 1: each row starts a list (repetition 0) and continues it {@code size - 1} times (1); every element
     * is present (definition 1). Each stream is prefixed by its length, as data page v1 wants.
     */
    static byte[] levels(long rows, long size) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteArrayOutputStream rep = new ByteArrayOutputStream();
        for (long r = 0; r < rows; r++) {
            run(rep, 1, 0);
            run(rep, size - 1, 1);
        }
        ByteArrayOutputStream def = new ByteArrayOutputStream();
        run(def, rows * size, 1);
        for (ByteArrayOutputStream s : List.of(rep, def)) {
            int n = s.size();
            b.write(n);
            b.write(n >>> 8);
            b.write(n >>> 16);
            b.write(n >>> 24);
            b.writeBytes(s.toByteArray());
        }
        return b.toByteArray();
    }

    /** One RLE run of the hybrid encoding: header varint {@code count << 1}, then the value in one byte. */
    private static void run(ByteArrayOutputStream s, long count, int value) {
        long header = count << 1;
        while ((header & ~0x7FL) != 0) {
            s.write((int) (header & 0x7F) | 0x80);
            header >>>= 7;
        }
        s.write((int) header);
        s.write(value);
    }

    @Override
    public SampleReader openReader(ObjectReader in, String name) throws IOException {
        try {
            return ParquetSampleReader.open(in, name, selected(), readMode == ParquetReadMode.TABLE, footers);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Names of the columns a loader reads: those marked {@code read: true}; all when none is. */
    private List<String> selected() {
        List<String> names = new ArrayList<>();
        for (DatasetConfig.Column c : declared) {
            if (c.read()) {
                names.add(c.name());
            }
        }
        return names;
    }
}
