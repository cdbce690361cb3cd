package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import io.jdlio.storage.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers read what a loader reads: the ZIP directory and the x.npy member, once per open file. */
class NpzReaderTest {
    @TempDir
    Path dir;

    private LocalStorage storage() {
        return new LocalStorage(dir);
    }

    private void write(StreamFormat f, FileSpec spec, String name) throws IOException {
        try (ObjectWriter w = storage().create(name)) {
            f.write(spec, new ContentStream(1, 2), w, ByteBuffer.allocateDirect(1 << 20));
            w.commit(false);
        }
    }

    @Test
    void smallNpzReadsDirectoryAndMemberOnly() throws Exception {
        FileSpec spec = new FileSpec(new long[] {64, 64}, 1, ElementType.UINT8);
        write(new NpzFormat(), spec, "s.npz");
        long size = Files.size(dir.resolve("s.npz"));
        ByteBuffer scratch = ByteBuffer.allocateDirect(1 << 20);
        try (SampleReader r = new NpzFormat().openReader(storage().open("s.npz"), "s.npz")) {
            long member = 128 + 4096;
            assertEquals(Math.min(size, 512) + 30 + member, r.readSample(0, scratch));
            assertEquals(0, r.readSample(0, scratch), "the member is already in memory, as after np.load");
        }
    }

    @Test
    void multiSampleFileIsReadOnceForAllItsSamples() throws Exception {
        FileSpec spec = new FileSpec(new long[] {100, 30}, 5, ElementType.FLOAT32);
        write(new NpyFormat(), spec, "m.npy");
        ByteBuffer scratch = ByteBuffer.allocateDirect(4096);
        try (SampleReader r = new NpyFormat().openReader(storage().open("m.npy"), "m.npy")) {
            assertEquals(Files.size(dir.resolve("m.npy")), r.readSample(3, scratch));
            assertEquals(0, r.readSample(0, scratch));
            assertEquals(0, r.readSample(4, scratch));
        }
        try (SampleReader r = new NpyFormat().openReader(storage().open("m.npy"), "m.npy")) {
            IOException e = assertThrows(IOException.class, () -> r.readSample(5, scratch));
            assertTrue(e.getMessage().contains("holds 5"), e::getMessage);
        }
    }

    @Test
    void truncatedOrForeignFilesFailNamingTheFile() throws Exception {
        Files.write(dir.resolve("junk.npz"), new byte[2000]);
        IOException e = assertThrows(IOException.class,
                () -> new NpzFormat().openReader(storage().open("junk.npz"), "junk.npz"));
        assertTrue(e.getMessage().startsWith("junk.npz: not an NPZ file"), e::getMessage);
        FileSpec spec = new FileSpec(new long[] {1000}, 1, ElementType.UINT8);
        write(new NpyFormat(), spec, "t.npy");
        byte[] whole = Files.readAllBytes(dir.resolve("t.npy"));
        Files.write(dir.resolve("t.npy"), java.util.Arrays.copyOf(whole, 600));
        try (SampleReader r = new NpyFormat().openReader(storage().open("t.npy"), "t.npy")) {
            IOException t = assertThrows(IOException.class, () -> r.readSample(0, ByteBuffer.allocate(256)));
            assertTrue(t.getMessage().contains("truncated"), t::getMessage);
        }
    }

    @Test
    void zip64MemberOver2GiBIsWrittenAsPythonExpectsAndReadBack() throws Exception {
        long side = 46341;      // 46341^2 = 2,147,488,281 bytes: just past ZIP64_LIMIT
        FileSpec spec = new FileSpec(new long[] {side, side}, 1, ElementType.UINT8);
        write(new NpzFormat(), spec, "big.npz");
        Path big = dir.resolve("big.npz");
        assertEquals(new NpzFormat().fileSize(spec), Files.size(big));
        String out = Python.run(String.join("\n",
                "import sys, zipfile, numpy as np",
                "z = zipfile.ZipFile(sys.argv[1])",
                "assert z.testzip is not None",
                "infos = {i.filename: i for i in z.infolist()}",
                "x = infos['x.npy']; y = infos['y.npy']",
                "assert x.file_size == 128 + " + (side * side) + ", x.file_size",
                "assert y.header_offset > 2**31",
                "with z.open('x.npy') as f:",
                "    version = np.lib.format.read_magic(f)",
                "    shape, fortran, dtype = np.lib.format._read_array_header(f, version)",
                "assert shape == (" + side + ", " + side + ", 1) and dtype == np.uint8, shape",
                "with z.open('y.npy') as f:",
                "    assert not np.lib.format.read_array(f).any()",
                "print('ok')"), big.toString());
        assertTrue(out.startsWith("ok"), out);
        try (SampleReader r = new NpzFormat().openReader(storage().open("big.npz"), "big.npz")) {
            assertEquals(512 + 30 + 128 + side * side, r.readSample(0, ByteBuffer.allocateDirect(4 << 20)));
        }
        Files.delete(big);
    }
}
