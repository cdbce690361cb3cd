package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import io.jdlio.storage.ObjectWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** numpy opens what jdlio writes, and numpy itself would have written the very same bytes. */
class NumpyCompatibilityTest {
    private static final String CHECK = String.join("\n",
            "import sys, io, numpy as np",
            "path, kind, shape, dtype, nspf = sys.argv[1], sys.argv[2], eval(sys.argv[3]), sys.argv[4], int(sys.argv[5])",
            "raw = open(path, 'rb').read()",
            "if kind in ('npz', 'npz-deflated'):",
            "    with np.load(path) as z:",
            "        assert sorted(z.files) == ['x', 'y'], z.files",
            "        x, y = z['x'], z['y']",
            "    assert y.dtype == np.int64 and y.shape == (nspf,) and not y.any(), (y.dtype, y.shape)",
            "    import zipfile",
            "    methods = {i.compress_type for i in zipfile.ZipFile(path).infolist()}",
            "    assert methods == ({8} if kind == 'npz-deflated' else {0}), methods",
            "    buf = io.BytesIO(); (np.savez_compressed if kind == 'npz-deflated' else np.savez)(buf, x=x, y=y)",
            "else:",
            "    x = np.load(path)",
            "    buf = io.BytesIO(); np.save(buf, x)",
            "assert x.shape == shape + (nspf,), (x.shape, shape)",
            "assert x.dtype == np.dtype(dtype), x.dtype",
            "assert buf.getvalue() == raw, 'numpy writes different bytes: %d vs %d' % (len(buf.getvalue()), len(raw))",
            "print('ok', x.shape, x.dtype, len(raw))");

    @TempDir
    Path dir;

    private Path write(StreamFormat format, FileSpec spec, String name, boolean seekable) throws Exception {
        LocalStorage storage = new LocalStorage(dir);
        try (ObjectWriter w = seekable ? storage.create(name) : new ForwardOnly(storage.create(name))) {
            format.write(spec, new ContentStream(7, 3), w, ByteBuffer.allocateDirect(1000));
            if (format.fileSize(spec) >= 0) {
                assertEquals(format.fileSize(spec), w.position(), "fileSize() must match what write() wrote");
            }
            w.commit(false);
        }
        return dir.resolve(name);
    }

    private void check(String kind, FileSpec spec, Path file) throws Exception {
        StringBuilder shape = new StringBuilder("(");
        for (long d : spec.sampleShape()) {
            shape.append(d).append(',');
        }
        shape.append(')');
        String out = Python.run(CHECK, file.toString(), kind, shape.toString(), spec.elementType().numpyName(),
                String.valueOf(spec.samplesPerFile()));
        assertTrue(out.startsWith("ok"), out);
    }

    @Test
    void npzMatchesNumpySavezByteForByte() throws Exception {
        FileSpec spec = new FileSpec(new long[] {100, 100}, 2, ElementType.UINT8);
        Path f = write(new NpzFormat(), spec, "a.npz", true);
        assertEquals(20506, Files.size(f), "DLIO's observed size for 100x100x2 uint8");
        check("npz", spec, f);
    }

    @Test
    void npzWrittenInOnePassForStoresThatCannotSeek() throws Exception {
        FileSpec spec = new FileSpec(new long[] {64, 64}, 1, ElementType.UINT8);
        Path f = write(new NpzFormat(), spec, "b.npz", false);
        assertEquals(4594, Files.size(f), "DLIO's observed size for 64x64x1");
        check("npz", spec, f);
    }

    @Test
    void npzWithRecordDimsAndWideTypes() throws Exception {
        check("npz", new FileSpec(new long[] {3, 17, 5}, 4, ElementType.FLOAT32),
                write(new NpzFormat(), new FileSpec(new long[] {3, 17, 5}, 4, ElementType.FLOAT32), "c.npz", true));
        check("npz", new FileSpec(new long[] {1234567}, 1, ElementType.INT8),
                write(new NpzFormat(), new FileSpec(new long[] {1234567}, 1, ElementType.INT8), "d.npz", true));
    }

    @Test
    void compressedNpzMatchesNumpySavezCompressed() throws Exception {
        FileSpec spec = new FileSpec(new long[] {100, 70}, 3, ElementType.UINT8);
        check("npz-deflated", spec, write(new NpzFormat(true), spec, "z.npz", true));
        check("npz-deflated", spec, write(new NpzFormat(true), spec, "z1.npz", false));
        try (SampleReader r = new NpzFormat(true).openReader(new LocalStorage(dir).open("z.npz"), "z.npz")) {
            long size = Files.size(dir.resolve("z.npz"));
            long stored;
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("z.npz").toFile())) {
                stored = zip.getEntry("x.npy").getCompressedSize();
            }
            assertEquals(Math.min(size, 512) + 30 + stored, r.readSample(2, ByteBuffer.allocateDirect(4096)),
                    "the end of the file, x.npy's local header and its compressed bytes; nothing inflated but the header");
        }
    }

    @Test
    void npyMatchesNumpySave() throws Exception {
        FileSpec spec = new FileSpec(new long[] {15865, 141}, 1, ElementType.UINT8);
        check("npy", spec, write(new NpyFormat(), spec, "e.npy", true));
        FileSpec f16 = new FileSpec(new long[] {8, 8}, 3, ElementType.FLOAT16);
        check("npy", f16, write(new NpyFormat(), f16, "f.npy", true));
    }

    /** Hides writeAt, as an object store would. */
    private static final class ForwardOnly implements ObjectWriter {
        private final ObjectWriter inner;

        ForwardOnly(ObjectWriter inner) {
            this.inner = inner;
        }

        @Override
        public void write(ByteBuffer src) throws java.io.IOException {
            inner.write(src);
        }

        @Override
        public long position() {
            return inner.position();
        }

        @Override
        public boolean canWriteAt(long objectBytes) {
            return false;
        }

        @Override
        public void writeAt(long offset, ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void commit(boolean durable) throws java.io.IOException {
            inner.commit(durable);
        }

        @Override
        public void abort() throws java.io.IOException {
            inner.abort();
        }

        @Override
        public void close() throws java.io.IOException {
            inner.close();
        }
    }
}
