package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TFRecord framing, CRC32C and tf.train.Example checked by an independent reader, corruption caught. */
class TfRecordTest {
    /** A reader jdlio did not write: its own CRC32C, its own protobuf wire decoding. */
    private static final String CHECK = String.join("\n",
            "import sys, struct",
            "def crc32c(data):",
            "    crc = 0xFFFFFFFF",
            "    for b in data:",
            "        crc ^= b",
            "        for _ in range(8):",
            "            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))",
            "    return crc ^ 0xFFFFFFFF",
            "def masked(data):",
            "    c = crc32c(data)",
            "    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF",
            "def varint(b, i):",
            "    v = s = 0",
            "    while True:",
            "        x = b[i]; i += 1; v |= (x & 0x7F) << s; s += 7",
            "        if x < 0x80: return v, i",
            "def fields(b):",
            "    i, out = 0, []",
            "    while i < len(b):",
            "        key, i = varint(b, i); f, wt = key >> 3, key & 7",
            "        if wt == 2:",
            "            n, i = varint(b, i); out.append((f, b[i:i + n])); i += n",
            "        elif wt == 0:",
            "            v, i = varint(b, i); out.append((f, v))",
            "        else: raise ValueError('wire type %d' % wt)",
            "    return out",
            "path, index, count, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])",
            "data = open(path, 'rb').read()",
            "pos, records = 0, []",
            "while pos < len(data):",
            "    (length,) = struct.unpack('<Q', data[pos:pos + 8])",
            "    assert struct.unpack('<I', data[pos + 8:pos + 12])[0] == masked(data[pos:pos + 8]), 'length crc'",
            "    payload = data[pos + 12:pos + 12 + length]",
            "    assert struct.unpack('<I', data[pos + 12 + length:pos + 16 + length])[0] == masked(payload), 'data crc'",
            "    ((f1, feats),) = fields(payload); assert f1 == 1",
            "    feature = {}",
            "    for f, entry in fields(feats):",
            "        assert f == 1",
            "        kv = dict(fields(entry)); feature[kv[1].decode()] = dict(fields(kv[2]))",
            "    image = dict(fields(feature['image'][1]))[1]",
            "    packed = dict(fields(feature['size'][3]))[1]",
            "    assert len(image) == size and varint(packed, 0)[0] == size, (len(image), size)",
            "    records.append((pos, 16 + length)); pos += 16 + length",
            "assert len(records) == count, len(records)",
            "lines = [tuple(map(int, l.split())) for l in open(index).read().splitlines()]",
            "assert lines == records, (lines[:3], records[:3])",
            "print('ok', len(records))");

    @TempDir
    Path dir;

    private FileTarget write(FileSpec spec) throws IOException {
        FileTarget t = new FileTarget("data", "train", "train/img_1_of_4.tfrecord");
        new TfRecordFormat().write(spec, new ContentStream(3, 1), new LocalStorage(dir), t, ByteBuffer.allocateDirect(999));
        return t;
    }

    @Test
    void independentReaderAgreesOnFramingCrcsExampleAndIndex() throws Exception {
        FileSpec spec = new FileSpec(new long[] {30, 40}, 5, ElementType.UINT8);
        FileTarget t = write(spec);
        Path data = dir.resolve(t.path());
        assertEquals(new TfRecordFormat().fileSize(spec), Files.size(data));
        String out = Python.run(CHECK, data.toString(), dir.resolve("data/index/train/img_1_of_4.tfrecord.idx").toString(),
                "5", "1200");
        assertTrue(out.startsWith("ok 5"), out);
        try (SampleReader r = new TfRecordFormat().openReader(new LocalStorage(dir), t)) {
            ByteBuffer scratch = ByteBuffer.allocateDirect(256);
            assertEquals(Files.size(data), r.readSample(0, scratch), "tf.data's 256 KiB read buffer takes the file");
            assertEquals(0, r.readSample(3, scratch), "later records come from the buffer");
            assertEquals(0, r.readSample(2, scratch), "and one already streamed is not read again");
        }
    }

    @Test
    void recordsLargerThanTheReadBufferAreEachReadOnce() throws Exception {
        // 3 records of 360,000 image bytes: more than the 256 KiB buffer each, read past it through scratch
        FileSpec spec = new FileSpec(new long[] {600, 600}, 3, ElementType.UINT8);
        FileTarget t = write(spec);
        long size = Files.size(dir.resolve(t.path()));
        try (SampleReader r = new TfRecordFormat().openReader(new LocalStorage(dir), t)) {
            ByteBuffer scratch = ByteBuffer.allocateDirect(64 << 10);
            long first = r.readSample(0, scratch);
            assertTrue(first >= size / 3 && first < size, "record 0 and the buffer's read-ahead: " + first);
            assertEquals(size, first + r.readSample(2, scratch), "every byte read once, CRCs checked");
            assertEquals(0, r.readSample(1, scratch));
        }
    }

    @Test
    void aCorruptRecordNamesFileAndOffset() throws Exception {
        FileSpec spec = new FileSpec(new long[] {64}, 3, ElementType.UINT8);
        FileTarget t = write(spec);
        long record = Files.size(dir.resolve(t.path())) / 3;
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(t.path()).toFile(), "rw")) {
            f.seek(record + 40);
            f.write(f.read() ^ 0xFF);
        }
        try (SampleReader r = new TfRecordFormat().openReader(new LocalStorage(dir), t)) {
            ByteBuffer scratch = ByteBuffer.allocateDirect(64);
            r.readSample(0, scratch);
            IOException e = assertThrows(IOException.class, () -> r.readSample(1, scratch));
            assertTrue(e.getMessage().contains("img_1_of_4.tfrecord") && e.getMessage().contains("offset " + record)
                    && e.getMessage().contains("CRC32C"), e::getMessage);
        }
    }
}
