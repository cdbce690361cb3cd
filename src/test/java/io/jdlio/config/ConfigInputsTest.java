package io.jdlio.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs around the YAML itself (issue 8 cases 21 and 22): files in other encodings, folders and unusable
 * paths where a file is expected, overrides YAML would silently change, defaults taken for choices, and data
 * folders that are not the dataset's own.
 */
class ConfigInputsTest {
    private static final String OK = "framework: pytorch\ndataset:\n  format: npz\n  num_files_train: 8\n"
            + "reader:\n  data_loader: pytorch\n  batch_size: 2\n";

    @TempDir
    Path dir;

    private static String message(Runnable r) {
        ConfigException e = assertThrows(ConfigException.class, r::run);
        assertTrue(!e.getMessage().contains("\n"), () -> "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void latin1FileNamesTheByteAndLine() throws Exception {
        Path f = dir.resolve("latin1.yaml");
        Files.write(f, (OK + "  # caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1));
        String m = message(() -> WorkloadLoader.load(f, List.of()));
        assertTrue(m.contains("not UTF-8") && m.contains("0xE9") && m.contains("line 8") && m.contains("save it as UTF-8"), m);
    }

    @Test
    void utf16FileIsNamedAsSuch() throws Exception {
        Path f = dir.resolve("utf16.yaml");
        Files.write(f, OK.getBytes(StandardCharsets.UTF_16));
        String m = message(() -> WorkloadLoader.load(f, List.of()));
        assertTrue(m.contains("UTF-16") && m.contains("save it as UTF-8"), m);
    }

    @Test
    void utf8WithByteOrderMarkLoads() throws Exception {
        Path f = dir.resolve("bom.yaml");
        byte[] text = OK.getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[text.length + 3];
        bytes[0] = (byte) 0xEF;
        bytes[1] = (byte) 0xBB;
        bytes[2] = (byte) 0xBF;
        System.arraycopy(text, 0, bytes, 3, text.length);
        Files.write(f, bytes);
        assertEquals(Framework.PYTORCH, WorkloadLoader.load(f, List.of()).framework());
    }

    @Test
    void folderGivenAsConfigIsNamedAFolder() {
        String m = message(() -> ConfigLocator.load(dir.toString(), List.of()));
        assertTrue(m.contains("is a folder"), m);
        m = message(() -> WorkloadLoader.load(dir, List.of()));
        assertTrue(m.contains("is a folder"), m);
    }

    @Test
    void unusablePathsSayWhyAndHowToRun() {
        // a NUL cannot be in a path on any platform; a non-ASCII name under LANG=C fails the same way
        String m = message(() -> ConfigLocator.load("a\0b.yaml", List.of()));
        assertTrue(m.contains("cannot be used as a path") && m.contains("UTF-8 locale"), m);
        m = message(() -> WorkloadLoader.parse("bad.yaml", OK.replace("format: npz",
                "format: npz\n  data_folder: \"a\\0b\""), List.of()));
        assertTrue(m.contains("dataset.data_folder") && m.contains("cannot be used as a path"), m);
    }

    @Test
    void dataFolderThatIsAFileIsRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("data"), "x");
        String m = message(() -> WorkloadLoader.parse("bad.yaml", OK, List.of("dataset.data_folder=" + f)));
        assertTrue(m.contains("dataset.data_folder") && m.contains("is a file"), m);
    }

    @Test
    void emptyOverrideValueIsRefused() {
        String m = message(() -> WorkloadLoader.parse("ok.yaml", OK, List.of("dataset.data_folder=")));
        assertTrue(m.contains("dataset.data_folder=") && m.contains("empty"), m);
    }

    @Test
    void overrideWithCommentIsRefusedUnlessQuoted() {
        String m = message(() -> WorkloadLoader.parse("ok.yaml", OK, List.of("dataset.data_folder=/x # mine")));
        assertTrue(m.contains("comment") && m.contains("quote"), m);
        Workload w = WorkloadLoader.parse("ok.yaml", OK, List.of("dataset.data_folder='/x #1'"));
        assertEquals("/x #1", w.dataset().dataFolder());
    }

    @Test
    void configWithoutReaderOrDatasetLoadsAsInDlio() {
        // DLIO's llama_1t.yaml: pytorch, training and generation on, no dataset and no reader section
        String llama = "framework: pytorch\nmodel:\n  name: llama_1t\nworkflow:\n  generate_data: True\n"
                + "  train: True\n  checkpoint: True\ncheckpoint:\n  checkpoint_folder: checkpoints/llama_1t\n";
        Workload w = WorkloadLoader.parse("llama_1t.yaml", llama, List.of());
        assertEquals(DataLoaderKind.TENSORFLOW, w.reader().dataLoader(), "DLIO's own default for tfrecord");
    }

    @Test
    void refusalAgainstADefaultSaysItIsOne() {
        String m = message(() -> WorkloadLoader.parse("bad.yaml", "framework: pytorch\nreader:\n  data_loader: pytorch\n",
                List.of()));
        assertTrue(m.contains("reader.data_loader") && m.contains("default dataset.format"), m);
    }

    @Test
    void systemAndHomeDataFoldersAreWarnedAbout() {
        for (String folder : List.of("/", "/etc", "/usr/", System.getProperty("user.home"))) {
            Workload w = WorkloadLoader.parse("w.yaml", OK, List.of("dataset.data_folder=" + folder));
            assertTrue(w.notices().warnings().stream().anyMatch(s -> s.contains("dataset.data_folder")
                    && s.contains("folder of its own")), () -> folder + ": " + w.notices().warnings());
        }
        Workload mine = WorkloadLoader.parse("w.yaml", OK, List.of("dataset.data_folder=" + dir.resolve("data")));
        assertTrue(mine.notices().warnings().isEmpty(), mine.notices().warnings()::toString);
        // a checkpoint-only run does not touch the data folder
        Workload ckpt = WorkloadLoader.parse("w.yaml", OK, List.of("dataset.data_folder=/",
                "workflow.train=False", "workflow.checkpoint=True"));
        assertTrue(ckpt.notices().warnings().isEmpty(), ckpt.notices().warnings()::toString);
    }
}
