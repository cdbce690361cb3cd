package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.config.Compression;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HDF5 as h5py reads it: dataset names, shapes, dtypes, chunks and compression; reads only the sample's rows. */
class Hdf5Test {
    private static final String CHECK = String.join("\n",
            "import sys, json, h5py, numpy as np",
            "f = h5py.File(sys.argv[1], 'r')",
            "want = json.loads(sys.argv[2])",
            "assert sorted(f.keys()) == sorted(want['names']), list(f.keys())",
            "for n in want['names'][:-1]:",
            "    d = f[n]",
            "    assert list(d.shape) == want['shape'], (n, d.shape)",
            "    assert d.dtype == np.dtype(want['dtype']), d.dtype",
            "    assert d.compression == want['compression'], d.compression",
            "    assert (list(d.chunks) if d.chunks else None) == want['chunks'], d.chunks",
            "    assert d[0].tobytes() == f[want['names'][0]][0].tobytes(), 'the K datasets hold the same data'",
            "l = f['labels']; assert l.dtype == np.int64 and l.shape == (want['shape'][0],) and not l[:].any()",
            "print('ok')");

    @TempDir
    Path dir;

    private Path write(Hdf5Format f, FileSpec spec, String name) throws IOException {
        f.write(spec, new ContentStream(2, 7), new LocalStorage(dir), new FileTarget("d", "train", "train/" + name),
                ByteBuffer.allocateDirect(1024));
        return dir.resolve("d/train/" + name);
    }

    private void check(Path file, String json) throws Exception {
        String out = Python.run(CHECK, file.toString(), json);
        assertTrue(out.startsWith("ok"), out);
    }

    @Test
    void contiguousUint8AsDlioWritesIt() throws Exception {
        Path f = write(new Hdf5Format(1, false, List.of(), List.of(), Compression.NONE, 4),
                new FileSpec(new long[] {60, 50}, 3, ElementType.UINT8), "a.hdf5");
        check(f, "{\"names\": [\"records_0\", \"labels\"], \"shape\": [3, 60, 50], \"dtype\": \"uint8\","
                + " \"compression\": null, \"chunks\": null}");
        try (SampleReader r = new Hdf5Format(1, false, List.of(), List.of(), Compression.NONE, 4)
                .openReader(new LocalStorage(dir), new FileTarget("d", "train", "train/a.hdf5"))) {
            long read = r.readSample(1, ByteBuffer.allocate(1));
            assertTrue(read >= 3000 && read < 3000 + 8192, "the sample's rows and some metadata: " + read);
            assertEquals(3000, r.readSample(2, ByteBuffer.allocate(1)), "metadata is cached; rows are exact");
        }
    }

    @Test
    void gzipChunkedAndSeveralDatasetsPerRecord() throws Exception {
        Path f = write(new Hdf5Format(3, true, List.of(), List.of(), Compression.GZIP, 4),
                new FileSpec(new long[] {3, 40, 30}, 4, ElementType.FLOAT32), "b.hdf5");
        check(f, "{\"names\": [\"records_0\", \"records_1\", \"records_2\", \"labels\"], \"shape\": [4, 40, 30],"
                + " \"dtype\": \"float32\", \"compression\": \"gzip\", \"chunks\": [2, 40, 30]}");
        Path g = write(new Hdf5Format(1, true, List.of(2, 4, 5, 6), List.of(), Compression.NONE, 4),
                new FileSpec(new long[] {4, 5, 6}, 4, ElementType.INT16), "c.hdf5");
        check(g, "{\"names\": [\"records_0\", \"labels\"], \"shape\": [4, 4, 5, 6], \"dtype\": \"int16\","
                + " \"compression\": null, \"chunks\": [2, 4, 5, 6]}");
    }

    @Test
    void tooLargeForTheHeapIsAMessageNotAnOutOfMemoryError() {
        long side = (long) Math.sqrt(Runtime.getRuntime().maxMemory()) + 1000;
        IOException e = assertThrows(IOException.class, () -> write(new Hdf5Format(1, false, List.of(),
                List.of(), Compression.NONE, 4), new FileSpec(new long[] {side, side}, 1, ElementType.UINT8), "big.hdf5"));
        assertTrue(e.getMessage().contains("heap") && e.getMessage().contains("-Xmx"), e::getMessage);
    }

    @Test
    void chunksAreTheOnesH5pyGuesses() throws Exception {
        // h5py itself picks chunks for the same shapes; jdlio must lay out the same chunks DLIO's files have
        long[][] shapes = {{4, 40, 30}, {2, 100, 100}, {10, 1448, 1448}, {1, 12000, 12000}, {288, 64}, {3, 7},
            {1, 2, 3, 4}, {100000}};
        int[] sizes = {4, 1, 1, 1, 8, 2, 4, 8};
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < shapes.length; i++) {
            json.append(i == 0 ? "" : ",").append("[").append(java.util.Arrays.toString(shapes[i])).append(",")
                    .append(sizes[i]).append(",").append(java.util.Arrays.toString(
                            Hdf5Format.guessChunks(shapes[i], sizes[i]))).append("]");
        }
        String out = Python.run(String.join("\n",
                "import sys, json, h5py, numpy as np, tempfile, os",
                "f = h5py.File(os.path.join(tempfile.mkdtemp(), 'g.h5'), 'w', libver='latest')",
                "for i, (shape, size, ours) in enumerate(json.loads(sys.argv[1])):",
                "    d = f.create_dataset('d%d' % i, shape=tuple(shape), dtype='u%d' % size, compression='gzip')",
                "    assert list(d.chunks) == ours, (shape, d.chunks, ours)",
                "print('ok')"), json.append("]").toString());
        assertTrue(out.startsWith("ok"), out);
    }

    @Test
    void maxShapeGivesH5pysChunkedLayoutAndMustBoundTheSample() throws Exception {
        Path f = write(new Hdf5Format(1, false, List.of(), List.of(80, 60), Compression.NONE, 4),
                new FileSpec(new long[] {60, 50}, 3, ElementType.UINT8), "m.hdf5");
        check(f, "{\"names\": [\"records_0\", \"labels\"], \"shape\": [3, 60, 50], \"dtype\": \"uint8\","
                + " \"compression\": null, \"chunks\": " + java.util.Arrays.toString(
                        Hdf5Format.guessChunks(new long[] {3, 60, 50}, 1)) + "}");
        IOException e = assertThrows(IOException.class, () -> write(new Hdf5Format(1, false, List.of(),
                List.of(40, 60), Compression.NONE, 4), new FileSpec(new long[] {60, 50}, 3, ElementType.UINT8), "n.hdf5"));
        assertTrue(e.getMessage().contains("max_shape [40, 60]") && e.getMessage().contains("[60, 50]"), e::getMessage);
    }

    @Test
    void lzfAsH5pyWritesItAndReadsIt() throws Exception {
        FileSpec spec = new FileSpec(new long[] {300, 200}, 4, ElementType.INT16);
        Path lzf = write(new Hdf5Format(1, false, List.of(), List.of(), Compression.LZF, 4), spec, "l.hdf5");
        Path plain = write(new Hdf5Format(1, false, List.of(), List.of(), Compression.NONE, 4), spec, "p.hdf5");
        String out = Python.run(String.join("\n",
                "import sys, h5py, numpy as np",
                "a = h5py.File(sys.argv[1], 'r')['records_0']; b = h5py.File(sys.argv[2], 'r')['records_0']",
                "assert a.compression == 'lzf' and a.chunks == " + tuple(Hdf5Format.guessChunks(new long[] {4, 300, 200}, 2))
                        + ", (a.compression, a.chunks)",
                "assert np.array_equal(a[:], b[:]), 'lzf decodes to the same samples'",
                "print('ok')"), lzf.toString(), plain.toString());
        assertTrue(out.startsWith("ok"), out);
    }

    @Test
    void lzfCompressesWhatCompressesAndDecodesWithTheReferenceDecoder() {
        byte[] data = new byte[200_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 251 < 200 ? 7 : i);
        }
        byte[] packed = new Hdf5LzfFilter().encode(data, Hdf5LzfFilter.clientData(data.length));
        assertTrue(packed.length < data.length / 4, "compressible data shrinks: " + packed.length);
        assertTrue(java.util.Arrays.equals(data, new io.jhdf.filter.LzfFilter().decode(packed,
                Hdf5LzfFilter.clientData(data.length))));
    }

    @Test
    void lzfEncodesIncompressibleChunksOfAnySize() {
        // a whole 64 KiB block of random bytes: the encoder's output before it falls back to storing it is
        // larger than the block (found by Hdf5ChunkBenchmark's lzf case, 64 KiB chunks)
        for (int size : new int[] {0xFFFF, 65536, 1 << 20}) {
            byte[] data = new byte[size];
            new io.jdlio.data.ContentStream(10, 3).fill(java.nio.ByteBuffer.wrap(data), 0);
            byte[] packed = new Hdf5LzfFilter().encode(data, Hdf5LzfFilter.clientData(size));
            assertTrue(java.util.Arrays.equals(data, new io.jhdf.filter.LzfFilter().decode(packed,
                    Hdf5LzfFilter.clientData(size))), "size " + size);
        }
    }

    private static String tuple(int[] c) {
        StringBuilder b = new StringBuilder("(");
        for (int x : c) {
            b.append(x).append(", ");
        }
        return b.append(")").toString();
    }
}
