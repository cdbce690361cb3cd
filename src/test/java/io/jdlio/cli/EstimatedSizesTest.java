package io.jdlio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sizes known only after writing are shown as estimates; what generate reports is what it wrote. */
class EstimatedSizesTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        return TestYaml.workload()
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", "parquet")
                .set("dataset.compression", "snappy")
                .set("dataset.num_files_train", 4)
                .set("dataset.num_files_eval", 0)
                .set("dataset.num_samples_per_file", 64)
                .set("dataset.record_length_bytes", 4096)
                .writeTo(dir.resolve("p.yaml"));
    }

    private static String run(String verb, Path config, String... overrides) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8);
        List<String> args = new java.util.ArrayList<>(List.of(config.toString()));
        args.addAll(List.of(overrides));
        int code = verb.equals("validate") ? ValidateCommand.run(args, out) : GenerateCommand.run(args, out);
        assertEquals(0, code);
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void validateMarksCompressedSizesAsEstimates() throws Exception {
        String out = run("validate", config());
        assertTrue(out.contains("total ~1,048,576 bytes (~0.00 GiB, estimate: compressed sizes are known only after "
                + "writing)"), out);
        String exact = run("validate", config(), "dataset.compression=none");
        assertFalse(exact.contains("estimate"), exact);
    }

    @Test
    void generateSaysItsProgressCountsEstimates() throws Exception {
        String out = run("generate", config());
        assertTrue(out.contains("progress counts payload bytes (an estimate), the summary the bytes written"), out);
        assertTrue(out.contains("generated 4 files"), out);
    }
}
