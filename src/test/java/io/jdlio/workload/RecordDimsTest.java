package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.Python;
import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.storage.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DLIO's dlio_dataset_dimension_test (docs/datasets.md, "Sample sizes"): record_dims and record_element_type in every
 * format.
 */
class RecordDimsTest {
    @TempDir
    Path dir;

    private Path generate(String format, String dims, String type, int nspf) throws Exception {
        Workload w = TestYaml.workload()
                .set("framework", format.equals("tfrecord") ? "tensorflow" : "pytorch")
                .set("dataset.data_folder", dir.resolve(format))
                .set("dataset.format", format)
                .set("dataset.num_files_train", 1)
                .set("dataset.num_samples_per_file", nspf)
                .set("dataset.record_dims", dims)
                .set("dataset.record_element_type", type)
                .parse("dims.yaml");
        new Generation(w, new DatasetPlan(w.dataset()), new LocalStorage(dir), Datasets.format(w), 1).ensure(null);
        try (var s = Files.walk(dir.resolve(format + "/train"))) {
            return s.filter(p -> p.toString().endsWith("." + format)).findFirst().orElseThrow();
        }
    }

    @Test
    void npyAndNpzArraysAreDimsThenSamples() throws Exception {
        Path npy = generate("npy", "[2, 3, 4]", "int8", 5);
        Path npz = generate("npz", "[6, 7]", "float16", 2);
        String out = Python.run(String.join("\n",
                "import sys, numpy as np",
                "a = np.load(sys.argv[1]); assert a.shape == (2, 3, 4, 5) and a.dtype == np.int8, (a.shape, a.dtype)",
                "z = np.load(sys.argv[2])['x']; assert z.shape == (6, 7, 2) and z.dtype == np.float16, (z.shape, z.dtype)",
                "print('ok')"), npy.toString(), npz.toString());
        assertTrue(out.startsWith("ok"), out);
    }

    @Test
    void indexedBinaryAndTfrecordSizesAreTheProductOfDimsTimesItemSize() throws Exception {
        Path ib = generate("indexed_binary", "[3, 5, 2]", "float32", 4);
        String out = Python.run("import sys, numpy as np\n"
                + "sz = np.fromfile(sys.argv[1] + '.sz.idx', dtype='<u8')\n"
                + "assert sz.tolist() == [3 * 5 * 2 * 4] * 4, sz\nprint('ok')\n", ib.toString());
        assertTrue(out.startsWith("ok"), out);
        Path tf = generate("tfrecord", "[10, 12]", "float64", 3);
        // one record: 16 bytes of framing, the Example around an image of 10 x 12 x 8 bytes
        long record = Files.size(tf) / 3;
        assertTrue(record > 960 + 16 && record < 960 + 16 + 40, "record of " + record + " bytes");
    }

    @Test
    void imagesAreDims1WideDims0HighAndCsvRowsHoldTheProduct() throws Exception {
        Path png = generate("png", "[48, 64]", "uint8", 1);
        String out = Python.run("import sys\nfrom PIL import Image\nim = Image.open(sys.argv[1])\n"
                + "assert im.size == (64, 48), im.size\nprint('ok')\n", png.toString());
        assertTrue(out.startsWith("ok"), out);
        Path csv = generate("csv", "[4, 5, 6]", "int16", 3);
        List<String> rows = Files.readAllLines(csv);
        assertEquals(3, rows.size());
        assertEquals(120, rows.get(0).split(",").length);
    }

    @Test
    void parquetWithoutColumnsHoldsTheProductOfDimsTimesItemSizePerRow() throws Exception {
        Path pq = generate("parquet", "[3, 5, 2]", "float32", 4);
        var duck = io.jdlio.DuckDb.inspect(pq);
        assertEquals("BLOB", duck.get("columns").get(0).get("column_type").asText());
        assertEquals(4, duck.get("figures").get("data").get("rows").asInt());
        assertEquals(4 * 3 * 5 * 2 * 4, duck.get("figures").get("data").get("decoded").asLong());
    }
}
