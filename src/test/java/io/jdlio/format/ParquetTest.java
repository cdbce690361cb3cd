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
}
