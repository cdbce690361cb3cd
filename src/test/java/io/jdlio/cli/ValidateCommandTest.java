package io.jdlio.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.workload.WorkloadException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate shows what a run needs of the JVM and warns about data folders that are not the dataset's own. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    private Path config() throws Exception {
        return TestYaml.workload()
                .set("framework", "pytorch")
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 8)
                .set("dataset.data_folder", dir.resolve("data"))
                .set("reader.data_loader", "pytorch")
                .set("reader.batch_size", 2)
                .writeTo(dir.resolve("w.yaml"));
    }

    private static String validate(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, ValidateCommand.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheResourcesARunNeeds() throws Exception {
        String out = validate(config().toString(), "--accelerators", "2");
        assertTrue(out.contains("resources: 4 threads"), out);
        assertTrue(out.contains("of direct memory for loader buffers"), out);
        assertTrue(out.endsWith("valid\n"), out);
    }

    @Test
    void refusesAcceleratorCountsTheJvmCannotRun() throws Exception {
        String c = config().toString();
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> validate(c, "--accelerators", "5000", "dataset.num_files_train=20000"));
        assertTrue(e.getMessage().contains("10,000 threads"), e::getMessage);
    }

    @Test
    void warnsAboutASystemDataFolder() throws Exception {
        String out = validate(config().toString(), "dataset.data_folder=/etc");
        assertTrue(out.contains("warning: w.yaml: dataset.data_folder = \"/etc\" is a system folder"), out);
    }
}
