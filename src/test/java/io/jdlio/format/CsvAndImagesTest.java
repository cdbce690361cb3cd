package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.config.DataFormat;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.LocalStorage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV rows as Python's csv module reads them; images as Pillow opens them. */
class CsvAndImagesTest {
    @TempDir
    Path dir;

    private Path write(FileFormat f, FileSpec spec, String name) throws Exception {
        FileTarget t = new FileTarget("d", "train", "train/" + name);
        f.write(spec, new ContentStream(4, 2), new LocalStorage(dir), t, ByteBuffer.allocateDirect(4096));
        return dir.resolve(t.path());
    }

    @Test
    void csvRowsAreIdenticalVectorsOfTheSampleElements() throws Exception {
        Path f = write(new CsvFormat(), new FileSpec(new long[] {70, 50}, 3, ElementType.UINT8), "a.csv");
        String out = Python.run(String.join("\n",
                "import sys, csv",
                "rows = list(csv.reader(open(sys.argv[1])))",
                "assert len(rows) == 3, len(rows)",
                "assert all(len(r) == 3500 for r in rows), [len(r) for r in rows]",
                "assert rows[0] == rows[1] == rows[2]",
                "v = [int(x) for x in rows[0]]",
                "assert min(v) >= 0 and max(v) <= 255 and len(set(v)) > 200",
                "print('ok')"), f.toString());
        assertTrue(out.startsWith("ok"), out);
        try (SampleReader r = new CsvFormat().openReader(new LocalStorage(dir), new FileTarget("d", "train", "train/a.csv"))) {
            assertEquals(Files.size(f), r.readSample(2, ByteBuffer.allocateDirect(1000)));
            assertEquals(0, r.readSample(0, ByteBuffer.allocateDirect(1000)), "parsed once per open file");
        }
        Path floats = write(new CsvFormat(), new FileSpec(new long[] {4, 6}, 2, ElementType.FLOAT32), "f.csv");
        String check = Python.run("import sys, csv\nrows = list(csv.reader(open(sys.argv[1])))\n"
                + "v = [float(x) for x in rows[1]]\nassert len(v) == 24 and all(0 <= x < 1 for x in v)\nprint('ok')\n",
                floats.toString());
        assertTrue(check.startsWith("ok"), check);
    }

    @Test
    void pillowOpensGrayscaleImagesOfDliosSize() throws Exception {
        for (DataFormat kind : new DataFormat[] {DataFormat.JPEG, DataFormat.PNG}) {
            Path f = write(new ImageFormat(kind), new FileSpec(new long[] {120, 90}, 1, ElementType.UINT8),
                    "img." + kind.extension());
            String out = Python.run(String.join("\n",
                    "import sys",
                    "from PIL import Image",
                    "im = Image.open(sys.argv[1]); im.load()",
                    "assert im.format == sys.argv[2], im.format",
                    "assert im.size == (90, 120), im.size",
                    "assert im.mode == 'L', im.mode",
                    "lo, hi = im.getextrema()",
                    "assert hi <= 255 and hi - lo > 100, (lo, hi)",
                    "print('ok', im.format)"), f.toString(), kind == DataFormat.JPEG ? "JPEG" : "PNG");
            assertTrue(out.startsWith("ok"), out);
            if (kind == DataFormat.PNG) {
                String exact = Python.run("import sys\nfrom PIL import Image\n"
                        + "assert max(Image.open(sys.argv[1]).getdata()) <= 254\nprint('ok')\n", f.toString());
                assertTrue(exact.startsWith("ok"), "lossless pixels stay within DLIO's 0..254");
            }
        }
    }
}
