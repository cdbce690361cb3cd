package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jdlio.TestYaml;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DLIO's output files: folders checked before any work, each file whole or absent, no stale rank files. */
class OutputsTest {
    @TempDir
    Path dir;

    private Path yaml(String output) throws Exception {
        return TestYaml.training(dir).set("dataset.format", "npy").set("output.folder", output)
                .writeTo(dir.resolve("tiny.yaml"));
    }

    private void train(Path yaml, int accelerators) throws Exception {
        try (TrainingSession s = new TrainingSession(WorkloadRun.load(yaml.toString(), "", accelerators))) {
            s.ensureDataset(null);
            s.runEpoch(true);
            s.writeOutputs();
        }
    }

    @Test
    void anOutputFolderThatIsAFileIsRefusedBeforeAnyEpoch() throws Exception {
        Path file = dir.resolve("results");
        Files.writeString(file, "not a folder");
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> new TrainingSession(WorkloadRun.load(yaml(file.toString()).toString(), "", 1)));
        assertTrue(e.getMessage().contains("output.folder") && e.getMessage().contains(file.toString()), e::getMessage);
        assertFalse(Files.exists(dir.resolve("data")), "no dataset was generated, no epoch ran");
        WorkloadException below = assertThrows(WorkloadException.class,
                () -> new TrainingSession(WorkloadRun.load(yaml(file.resolve("run1").toString()).toString(), "", 1)));
        assertTrue(below.getMessage().contains("output.folder"), below::getMessage);
    }

    @Test
    void aFolderReusedWithFewerAcceleratorsLosesOnlyTheRankFilesJdlioWroteThere() throws Exception {
        Path out = dir.resolve("out");
        Path y = yaml(out.toString());
        Files.createDirectories(out);
        Files.writeString(out.resolve("7_output.json"), "{\"mine\": true}\n");
        train(y, 2);
        assertTrue(Files.exists(out.resolve("1_output.json")) && Files.exists(out.resolve("1_per_epoch_stats.json")));
        train(y, 1);
        assertFalse(Files.exists(out.resolve("1_output.json")), "rank 1 did not run this time");
        assertFalse(Files.exists(out.resolve("1_per_epoch_stats.json")));
        assertTrue(Files.exists(out.resolve("0_output.json")) && Files.exists(out.resolve("summary.json")));
        assertTrue(Files.exists(out.resolve("7_output.json")), "a file jdlio did not write stays");
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".jdlio-tmp")), "no temporaries left");
        }
    }

    @Test
    void aFailedWriteLeavesWholeFilesAndTheOldSummary() throws Exception {
        Path out = dir.resolve("out");
        Path y = yaml(out.toString());
        train(y, 2);
        byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
        // the second write cannot create one temporary file: as good as a disk that fills half way through
        Files.createDirectories(out.resolve(".1_output.json.jdlio-tmp/in-the-way"));
        WorkloadException e = assertThrows(WorkloadException.class, () -> train(y, 2));
        assertTrue(e.getMessage().contains("1_output.json") && e.getMessage().contains("summary.json is not updated"),
                e::getMessage);
        assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.json")), "summary.json is written last");
        ObjectMapper json = new ObjectMapper();
        for (String f : List.of("0_output.json", "0_per_epoch_stats.json", "1_output.json", "1_per_epoch_stats.json")) {
            json.readTree(out.resolve(f).toFile());
        }
    }
}
