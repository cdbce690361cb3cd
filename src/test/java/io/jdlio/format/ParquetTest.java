package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jdlio.DuckDb;
import io.jdlio.config.Compression;
import io.jdlio.config.DatasetConfig;
import io.jdlio.config.ElementType;
import io.jdlio.config.ParquetDtype;
import io.jdlio.config.ParquetReadMode;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parquet as DuckDB reads it: column names and types, row groups, codecs, every value decodable. */
class ParquetTest {
    /** Every dtype, as a column of size 1 and of a list where it makes one, with the type DuckDB reports. */
    private static final Map<DatasetConfig.Column, String> EVERY_DTYPE = new LinkedHashMap<>();

    static {
        every("t5", ParquetDtype.FLOAT32, 700, "FLOAT[]");
        every("timestamp", ParquetDtype.FLOAT32, 1, "FLOAT");
        every("u8", ParquetDtype.UINT8, 3, "UTINYINT[]");
        every("u16", ParquetDtype.UINT16, 1, "USMALLINT");
        every("u32", ParquetDtype.UINT32, 1, "UINTEGER");
        every("u64", ParquetDtype.UINT64, 2, "UBIGINT[]");
        every("i8", ParquetDtype.INT8, 1, "TINYINT");
        every("i16", ParquetDtype.INT16, 5, "SMALLINT[]");
        every("i32", ParquetDtype.INT32, 1, "INTEGER");
        every("i64", ParquetDtype.INT64, 1, "BIGINT");
        every("f16", ParquetDtype.FLOAT16, 2, "FLOAT[]");
        every("f64", ParquetDtype.FLOAT64, 1, "DOUBLE");
        every("embedding", ParquetDtype.LIST, 3, "FLOAT[]");
        every("flag", ParquetDtype.BOOL, 1, "BOOLEAN");
        every("caption", ParquetDtype.STRING, 1, "VARCHAR");
        every("blob", ParquetDtype.BINARY, 300, "BLOB");
    }

    private static void every(String name, ParquetDtype dtype, long size, String duckType) {
        EVERY_DTYPE.put(new DatasetConfig.Column(name, dtype, size, true), duckType);
    }

    @TempDir
    Path dir;

    private static ParquetFormat format(List<DatasetConfig.Column> columns, long rowGroup, Compression c,
                                        ParquetReadMode mode) {
        return new ParquetFormat(new DatasetConfig.Parquet(columns, rowGroup, mode), c, 4);
    }

    private Path write(ParquetFormat f, FileSpec spec, String name) throws IOException {
        f.write(spec, new ContentStream(10, 3), new LocalStorage(dir), target(name), ByteBuffer.allocateDirect(4096));
        return dir.resolve("d/train/" + name);
    }

    private static FileTarget target(String name) {
        return new FileTarget("d", "train", "train/" + name);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"none, UNCOMPRESSED", "snappy, SNAPPY", "gzip, GZIP", "lz4, LZ4_RAW", "zstd, ZSTD"})
    void everyDtypeEveryCodecAsDuckDbReadsIt(String compression, String codec) throws Exception {
        Compression c = Compression.valueOf(compression.toUpperCase(java.util.Locale.ROOT));
        List<DatasetConfig.Column> columns = new ArrayList<>(EVERY_DTYPE.keySet());
        ParquetFormat f = format(columns, 16, c, ParquetReadMode.DEFAULT);
        FileSpec spec = new FileSpec(new long[] {8, 8}, 50, ElementType.UINT8);
        Path file = write(f, spec, "all.parquet");
        if (c == Compression.NONE) {
            assertEquals(Files.size(file), f.fileSize(spec), "the size is known before writing");
        }
        JsonNode duck = DuckDb.inspect(file);
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        duck.get("columns").forEach(col -> {
            names.add(col.get("column_name").asText());
            types.add(col.get("column_type").asText());
        });
        assertEquals(columns.stream().map(DatasetConfig.Column::name).toList(), names);
        assertEquals(List.copyOf(EVERY_DTYPE.values()), types);
        Map<Integer, Integer> rowsPerGroup = new LinkedHashMap<>();
        for (JsonNode chunk : duck.get("chunks")) {
            rowsPerGroup.put(chunk.get("row_group_id").asInt(), chunk.get("row_group_num_rows").asInt());
            assertEquals(codec, chunk.get("compression").asText(), chunk::toString);
        }
        assertEquals(Map.of(0, 16, 1, 16, 2, 16, 3, 2), rowsPerGroup, "row_group_size rows a group, the rest last");
        for (DatasetConfig.Column col : columns) {
            JsonNode fig = duck.get("figures").get(col.name());
            assertEquals(50, fig.get("rows").asInt());
            // lists and blobs: their lengths summed; strings: characters; scalars: values counted
            long perRow = col.dtype() == ParquetDtype.STRING ? ParquetColumn.STRING_CHARS : col.size();
            assertEquals(50 * perRow, fig.get("decoded").asLong(), col::toString);
        }
    }

    @Test
    void fluxRowsAsMlperfDeclaresThem() throws Exception {
        List<DatasetConfig.Column> flux = List.of(
                new DatasetConfig.Column("t5_encodings", ParquetDtype.FLOAT32, 524328, true),
                new DatasetConfig.Column("clip_encodings", ParquetDtype.FLOAT32, 409, true),
                new DatasetConfig.Column("mean", ParquetDtype.FLOAT32, 8232, true),
                new DatasetConfig.Column("logvar", ParquetDtype.FLOAT32, 8232, true),
                new DatasetConfig.Column("timestamp", ParquetDtype.FLOAT32, 7, true));
        Path file = write(format(flux, 1024, Compression.NONE, ParquetReadMode.DEFAULT),
                new FileSpec(new long[] {1471, 1471}, 3, ElementType.UINT8), "flux.parquet");
        JsonNode duck = DuckDb.inspect(file);
        long valueBytes = 0;
        for (JsonNode chunk : duck.get("chunks")) {
            assertEquals(0, chunk.get("row_group_id").asInt(), "3 rows fit one group of 1024");
            assertEquals("FLOAT", chunk.get("type").asText());
            valueBytes += 4 * chunk.get("num_values").asLong();
        }
        assertEquals(3 * 2_164_832L, valueBytes, "a row holds MLPerf's record_length of float32 values");
        assertEquals(3 * 524328, duck.get("figures").get("t5_encodings").get("decoded").asLong());
    }

    @Test
    void withoutColumnsOneBinaryColumnOfTheRecordLength() throws Exception {
        Path file = write(format(List.of(), 1024, Compression.NONE, ParquetReadMode.DEFAULT),
                new FileSpec(new long[] {100, 50}, 10, ElementType.FLOAT32), "data.parquet");
        JsonNode duck = DuckDb.inspect(file);
        assertEquals(1, duck.get("columns").size());
        assertEquals("data", duck.get("columns").get(0).get("column_name").asText());
        assertEquals("BLOB", duck.get("columns").get(0).get("column_type").asText());
        assertEquals(10 * 20_000, duck.get("figures").get("data").get("decoded").asLong());
    }

    @Test
    void readsTheSampleRowGroupOnceAndOnlyTheColumnsMarkedRead() throws Exception {
        List<DatasetConfig.Column> columns = List.of(
                new DatasetConfig.Column("image", ParquetDtype.UINT8, 5000, true),
                new DatasetConfig.Column("caption", ParquetDtype.STRING, 1, false),
                new DatasetConfig.Column("label", ParquetDtype.INT64, 1, true));
        ParquetFormat f = format(columns, 4, Compression.SNAPPY, ParquetReadMode.DEFAULT);
        Path file = write(f, new FileSpec(new long[] {1, 1}, 10, ElementType.UINT8), "r.parquet");
        long[] group = new long[3];
        for (JsonNode chunk : DuckDb.inspect(file).get("chunks")) {
            if (!chunk.get("path_in_schema").asText().startsWith("caption")) {
                group[chunk.get("row_group_id").asInt()] += chunk.get("total_compressed_size").asLong();
            }
        }
        long tail = Math.min(Files.size(file), 64 << 10);
        ByteBuffer scratch = ByteBuffer.allocateDirect(8192);
        try (SampleReader r = f.openReader(new LocalStorage(dir), target("r.parquet"))) {
            assertEquals(tail + group[1], r.readSample(5, scratch), "footer, then group 1's image and label chunks");
            assertEquals(0, r.readSample(4, scratch), "the group is already read");
            assertEquals(group[2], r.readSample(9, scratch));
            assertEquals(group[0], r.readSample(0, scratch));
        }
        ParquetFormat table = format(columns, 4, Compression.SNAPPY, ParquetReadMode.TABLE);
        try (SampleReader r = table.openReader(new LocalStorage(dir), target("r.parquet"))) {
            assertEquals(tail + group[0] + group[1] + group[2], r.readSample(5, scratch), "read_mode table");
            assertEquals(0, r.readSample(9, scratch));
        }
    }

    @Test
    void corruptPageHeaderNamesTheFileAndTheByte() throws Exception {
        List<DatasetConfig.Column> columns = List.of(new DatasetConfig.Column("x", ParquetDtype.FLOAT32, 64, true));
        ParquetFormat f = format(columns, 2, Compression.NONE, ParquetReadMode.DEFAULT);
        Path file = write(f, new FileSpec(new long[] {1, 1}, 4, ElementType.UINT8), "bad.parquet");
        long offset = DuckDb.inspect(file).get("chunks").get(1).get("data_page_offset").asLong();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(offset);
            raf.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        }
        try (SampleReader r = f.openReader(new LocalStorage(dir), target("bad.parquet"))) {
            r.readSample(0, ByteBuffer.allocate(512));
            IOException e = assertThrows(IOException.class, () -> r.readSample(2, ByteBuffer.allocate(512)));
            assertTrue(e.getMessage().contains("bad.parquet") && e.getMessage().contains("row group 1")
                    && e.getMessage().contains("byte " + offset), e::getMessage);
        }
    }

    @Test
    void aFileWrittenForOtherColumnsSaysToRegenerate() throws Exception {
        write(format(List.of(), 1024, Compression.NONE, ParquetReadMode.DEFAULT),
                new FileSpec(new long[] {4, 4}, 2, ElementType.UINT8), "old.parquet");
        ParquetFormat now = format(List.of(new DatasetConfig.Column("pixels", ParquetDtype.UINT8, 16, true)), 1024,
                Compression.NONE, ParquetReadMode.DEFAULT);
        IOException e = assertThrows(IOException.class, () -> now.openReader(new LocalStorage(dir),
                target("old.parquet")));
        assertTrue(e.getMessage().contains("pixels") && e.getMessage().contains("generate again"), e::getMessage);
    }
    /**
     * A footer over 64 KiB (200 columns, 16 row groups: DLRM's shape) is read as a loader reads it: the last
     * 64 KiB, then only the part of the footer before them; the bytes reported are the bytes asked of storage.
     */
    @Test
    void aLargeFooterIsReadOnceAndTheBytesReportedAreTheBytesRead() throws Exception {
        List<DatasetConfig.Column> columns = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            columns.add(new DatasetConfig.Column("c" + i, i % 2 == 0 ? ParquetDtype.INT64 : ParquetDtype.FLOAT32, 1,
                    i < 40));
        }
        ParquetFormat f = format(columns, 64, Compression.NONE, ParquetReadMode.DEFAULT);
        Path file = write(f, new FileSpec(new long[] {1, 1}, 1024, ElementType.UINT8), "wide.parquet");
        long size = Files.size(file);
        ByteBuffer end = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        try (var ch = java.nio.channels.FileChannel.open(file)) {
            ch.read(end, size - 8);
        }
        long footer = end.getInt(0);
        assertTrue(footer + 8 > 64 << 10, "the footer must exceed what the first read fetches: " + footer);
        long[] group = new long[16];
        for (JsonNode chunk : DuckDb.inspect(file).get("chunks")) {
            if (Integer.parseInt(chunk.get("path_in_schema").asText().substring(1)) < 40) {
                group[chunk.get("row_group_id").asInt()] += chunk.get("total_compressed_size").asLong();
            }
        }
        long[] asked = {0};
        try (SampleReader r = f.openReader(counting(new LocalStorage(dir).open("d/train/wide.parquet"), asked),
                "wide.parquet")) {
            ByteBuffer scratch = ByteBuffer.allocateDirect(1 << 20);
            assertEquals(footer + 8 + group[3], r.readSample(3 * 64 + 5, scratch),
                    "the footer's bytes and its 8-byte end once, then row group 3's 40 chunks");
            assertEquals(asked[0], footer + 8 + group[3], "bytes asked of storage");
            assertEquals(group[15], r.readSample(1023, scratch));
            assertEquals(asked[0], footer + 8 + group[3] + group[15]);
        }
    }

    /** A footer of garbage is one IOException naming the file, whatever the garbage decodes as. */
    @Test
    void aGarbledFooterNamesTheFile() throws Exception {
        List<DatasetConfig.Column> columns = List.of(new DatasetConfig.Column("x", ParquetDtype.FLOAT32, 4, true),
                new DatasetConfig.Column("y", ParquetDtype.INT64, 1, false));
        ParquetFormat f = format(columns, 2, Compression.NONE, ParquetReadMode.DEFAULT);
        Path file = write(f, new FileSpec(new long[] {1, 1}, 8, ElementType.UINT8), "garbled.parquet");
        long size = Files.size(file);
        java.util.Random random = new java.util.Random(7);
        for (int trial = 0; trial < 50; trial++) {
            byte[] noise = new byte[16];
            random.nextBytes(noise);
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.seek(size - 8);
                int footer = Integer.reverseBytes(raf.readInt());
                raf.seek(size - 8 - footer + random.nextInt(Math.max(1, footer - 16)));
                raf.write(noise);
            }
            try (SampleReader r = f.openReader(new LocalStorage(dir), target("garbled.parquet"))) {
                r.readSample(0, ByteBuffer.allocate(4096));
            } catch (IOException e) {
                assertTrue(e.getMessage().contains("garbled.parquet"), e::getMessage);
            }
        }
    }

    /** A loader holds the row groups it read: the samples in them need no storage until the file is closed. */
    @Test
    void residentUntilEndsAtTheFirstRowGroupNotYetRead() throws Exception {
        List<DatasetConfig.Column> columns = List.of(new DatasetConfig.Column("x", ParquetDtype.INT64, 1, true));
        ParquetFormat f = format(columns, 4, Compression.NONE, ParquetReadMode.DEFAULT);
        write(f, new FileSpec(new long[] {1, 1}, 10, ElementType.UINT8), "held.parquet");
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        try (SampleReader r = f.openReader(new LocalStorage(dir), target("held.parquet"))) {
            assertEquals(0, r.residentUntil(0, 10), "nothing read yet, not even the footer's bytes reported");
            r.readSample(5, scratch);                 // group 1: rows 4 to 7
            assertEquals(3, r.residentUntil(3, 10), "group 0 is not read");
            assertEquals(8, r.residentUntil(4, 10), "to the end of group 1");
            assertEquals(8, r.residentUntil(5, 10));
            assertEquals(6, r.residentUntil(5, 6), "no further than asked");
            assertEquals(8, r.residentUntil(8, 10), "group 2 is not read");
            r.readSample(8, scratch);                 // group 2: rows 8 and 9
            assertEquals(10, r.residentUntil(4, 10), "groups 1 and 2 together");
            assertEquals(0, r.residentUntil(0, 10));
            assertEquals(12, r.residentUntil(12, 20), "past the file: not held");
        }
        try (SampleReader r = format(columns, 4, Compression.NONE, ParquetReadMode.TABLE)
                .openReader(new LocalStorage(dir), target("held.parquet"))) {
            r.readSample(9, scratch);
            assertEquals(10, r.residentUntil(0, 10), "read_mode table holds the whole file");
        }
    }

    /**
     * A footer parsed before is taken as parsed only while the file's footer bytes are the same: a file
     * written anew under the same name with other row groups is parsed again.
     */
    @Test
    void aFooterIsReusedOnlyWhileItsBytesAreTheSame() throws Exception {
        List<DatasetConfig.Column> columns = List.of(new DatasetConfig.Column("x", ParquetDtype.INT64, 1, true));
        ParquetFormat f = format(columns, 4, Compression.NONE, ParquetReadMode.DEFAULT);
        write(f, new FileSpec(new long[] {1, 1}, 8, ElementType.UINT8), "same.parquet");
        ByteBuffer scratch = ByteBuffer.allocate(4096);
        long first;
        try (SampleReader r = f.openReader(new LocalStorage(dir), target("same.parquet"))) {
            first = r.readSample(0, scratch);
        }
        try (SampleReader r = f.openReader(new LocalStorage(dir), target("same.parquet"))) {
            assertEquals(first, r.readSample(0, scratch), "the same file reads the same bytes");
        }
        assertEquals(1, f.footers.size());
        // rewritten with 16 rows: row groups 0 to 3, the footer longer, sample 13 now exists
        write(f, new FileSpec(new long[] {1, 1}, 16, ElementType.UINT8), "same.parquet");
        try (SampleReader r = f.openReader(new LocalStorage(dir), target("same.parquet"))) {
            r.readSample(0, scratch);
            assertEquals(8 * 4 + ParquetTest.pageHeaderBytes(dir.resolve("d/train/same.parquet"), 3),
                    r.readSample(13, scratch), "row group 3 of the new layout");
        }
    }

    /** Bytes of row group {@code g}'s column chunk beyond its 4 values of 8 bytes: its page header. */
    private static long pageHeaderBytes(Path file, int g) throws Exception {
        return DuckDb.inspect(file).get("chunks").get(g).get("total_compressed_size").asLong() - 8 * 4;
    }

    /** Counts the bytes a reader hands back, as storage saw them asked for. */
    private static io.jdlio.storage.ObjectReader counting(io.jdlio.storage.ObjectReader in, long[] bytes) {
        return new io.jdlio.storage.ObjectReader() {
            @Override
            public long size() {
                return in.size();
            }

            @Override
            public int read(long offset, ByteBuffer dst) throws IOException {
                int n = in.read(offset, dst);
                bytes[0] += Math.max(n, 0);
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
