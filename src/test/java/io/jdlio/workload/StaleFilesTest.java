package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.storage.LocalStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Another num_files_train on the same data folder names other files (img_3_of_6 becomes img_3_of_4): the
 * earlier set, which nothing reads any more, is removed by the ledger and the run says so.
 */
class StaleFilesTest {
    @TempDir
    Path dir;

    private Workload workload(int files) {
        return TestYaml.workload()
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", files)
                .set("dataset.num_files_eval", 0)
                .set("dataset.record_length_bytes", 10000)
                .parse("gen.yaml");
    }

    private Generation.Result generate(Workload w) throws Exception {
        return new Generation(w, new DatasetPlan(w.dataset()), new LocalStorage(dir), Datasets.format(w), 2)
                .ensure(null);
    }

    private List<String> npz() throws Exception {
        try (Stream<Path> s = Files.walk(dir.resolve("data"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".npz")).sorted().toList();
        }
    }

    @Test
    void anotherFileCountReplacesTheEarlierSetAndSaysSo() throws Exception {
        generate(workload(6));
        Path mine = Files.writeString(dir.resolve("data/train/notes_of_6.npz"), "a user's file, not in the ledger");
        long sixBytes;
        try (Stream<Path> s = Files.walk(dir.resolve("data/train"))) {
            sixBytes = s.filter(p -> p.getFileName().toString().startsWith("img_")).mapToLong(p -> p.toFile().length())
                    .sum();
        }
        Generation.Result r = generate(workload(4));
        assertEquals(List.of("img_0_of_4.npz", "img_1_of_4.npz", "img_2_of_4.npz", "img_3_of_4.npz",
                "notes_of_6.npz"), npz());
        assertTrue(Files.exists(mine), "a file jdlio did not write stays");
        String notice = String.join("\n", r.notices());
        assertTrue(notice.contains("removed 6 file(s), " + Generation.gib(sixBytes)) && notice.contains(".jdlio-ledger"),
                notice);
    }
}
