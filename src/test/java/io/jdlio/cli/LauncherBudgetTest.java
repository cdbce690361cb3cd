package io.jdlio.cli;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.workload.WorkloadException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8 case 18: the launcher refuses a configuration the JVM cannot hold before it allocates anything
 * for it (it used to reserve every loader buffer while checking the dataset, and end in OutOfMemoryError).
 */
class LauncherBudgetTest {
    @TempDir
    Path dir;

    private String[] args(String overrides) throws Exception {
        Path config = TestYaml.workload()
                .set("framework", "pytorch")
                .set("dataset.format", "npz")
                .set("dataset.num_files_train", 8)
                .set("dataset.data_folder", dir.resolve("data"))
                .set("reader.data_loader", "pytorch")
                .set("reader.batch_size", 2)
                .writeTo(dir.resolve("w.yaml"));
        return new String[] {"-p", "config=" + config, "-p", "overrides=" + overrides};
    }

    @Test
    void tooManyReadThreadsIsRefusedBeforeAnyBuffer() throws Exception {
        String[] a = args("reader.read_threads=100000");
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> Launcher.prepareJmh(a, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("100,001 threads"), e::getMessage);
    }

    @Test
    void hugePrefetchIsRefusedWithTheSwitch() throws Exception {
        String[] a = args("reader.prefetch_size=1000000");
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> Launcher.prepareJmh(a, new PrintStream(new ByteArrayOutputStream())));
        assertTrue(e.getMessage().contains("java -XX:MaxDirectMemorySize="), e::getMessage);
    }
}
