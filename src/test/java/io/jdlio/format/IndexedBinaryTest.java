package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** indexed_binary's data and index arrays as numpy reads them, offsets right past 2 GiB, reads exact. */
class IndexedBinaryTest {
    @TempDir
    Path dir;

    private final LocalStorage storage() {
        return new LocalStorage(dir);
    }

    @Test
    void numpyReadsDataAndIndexArrays() throws Exception {
        FileSpec spec = new FileSpec(new long[] {3, 5, 7}, 6, ElementType.FLOAT32);
        FileTarget t = new FileTarget("d", "train", "train/img_0_of_1.indexed_binary");
        new IndexedBinaryFormat().write(spec, new ContentStream(1, 0), storage(), t, ByteBuffer.allocateDirect(64));
        String out = Python.run(String.join("\n",
                "import sys, numpy as np",
                "p = sys.argv[1]",
                "off = np.fromfile(p + '.off.idx', dtype='<u8'); sz = np.fromfile(p + '.sz.idx', dtype='<u8')",
                "s = 3 * 5 * 7 * 4",
                "assert off.tolist() == [k * s for k in range(6)], off",
                "assert sz.tolist() == [s] * 6, sz",
                "data = np.fromfile(p, dtype=np.float32)",
                "assert data.size == 3 * 5 * 7 * 6",
                "print('ok')"), dir.resolve("d/train/img_0_of_1.indexed_binary").toString());
        assertTrue(out.startsWith("ok"), out);
        try (SampleReader r = new IndexedBinaryFormat().openReader(storage(), t)) {
            ByteBuffer scratch = ByteBuffer.allocateDirect(256);
            assertEquals(2 * 6 * 8 + 420, r.readSample(4, scratch), "both indexes once, then the sample");
            assertEquals(420, r.readSample(0, scratch));
        }
    }

    @Test
    void offsetsPast2GiBPointAtTheirSamples() throws Exception {
        long side = 8192;                          // 64 MiB samples, 40 of them: the last starts at 2.44 GiB
        FileSpec spec = new FileSpec(new long[] {side, side}, 40, ElementType.UINT8);
        FileTarget t = new FileTarget("big", "train", "train/b.indexed_binary");
        new IndexedBinaryFormat().write(spec, new ContentStream(5, 9), storage(), t, ByteBuffer.allocateDirect(1 << 20));
        long[] read = {0};
        long[] offsets = IndexedBinaryFormat.readIndex(storage(), t.path() + ".off.idx", read);
        assertEquals(39 * side * side, offsets[39]);
        assertTrue(offsets[39] > (1L << 31));
        Path data = dir.resolve(t.path());
        assertEquals(40 * side * side, Files.size(data));
        ByteBuffer actual = ByteBuffer.allocate(4096);
        try (FileChannel ch = FileChannel.open(data)) {
            ch.read(actual, offsets[39] + 1000);
        }
        ByteBuffer expected = ByteBuffer.allocate(4096);
        new ContentStream(5, 9).fill(expected, offsets[39] + 1000);
        assertArrayEquals(expected.array(), actual.array());
        try (SampleReader r = new MmapIndexedBinaryFormat().openReader(storage(), t)) {
            assertEquals(2 * 40 * 8 + side * side, r.readSample(39, ByteBuffer.allocateDirect(4096)),
                    "mmap touches every byte of the sample");
        }
        Files.delete(data);
    }
}
