package io.jdlio.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jdlio.TestYaml;
import io.jdlio.config.Workload;
import io.jdlio.config.WorkloadLoader;
import io.jdlio.format.FileFormat;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.LocalStorage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dataset is reused only when every file is as jdlio wrote it, sizes known only after writing included;
 * what generation reports is what it wrote; an empty sample file fails training instead of being counted.
 */
class DatasetReuseTest {
    @TempDir
    Path dir;

    private Workload workload(String format, String... overrides) {
        String yaml = TestYaml.workload()
                .set("dataset.data_folder", dir.resolve("data"))
                .set("dataset.format", format)
                .set("dataset.num_files_train", 6)
                .set("dataset.num_files_eval", 2)
                .set("dataset.num_samples_per_file", 1)
                .set("dataset.record_length_bytes", 4096)
                .set("dataset.num_subfolders_train", 2)
                .text();
        return WorkloadLoader.parse("reuse.yaml", yaml, List.of(overrides));
    }

    private static Generation generation(Workload w, LocalStorage storage) {
        return new Generation(w, new DatasetPlan(w.dataset()), storage, Datasets.format(w), 2);
    }

    private static long sizeOnDisk(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void anEmptiedJpegIsRegeneratedWithANoticeNamingIt() throws Exception {
        Workload w = workload("jpeg");
        LocalStorage storage = new LocalStorage(dir);
        assertEquals(8, generation(w, storage).ensure(null).filesWritten());
        Path one = dir.resolve("data/" + Datasets.target(new DatasetPlan(w.dataset()), Split.TRAIN, 3).relativePath());
        long written = Files.size(one);
        Files.write(one, new byte[0]);

        assertFalse(generation(w, storage).isComplete(), "a 0-byte jpeg is not the jpeg that was written");
        Generation.Result r = generation(w, storage).ensure(null);
        assertEquals(1, r.filesWritten());
        assertEquals(7, r.filesReused());
        assertTrue(r.notices().stream().anyMatch(n -> n.contains(one.toString()) && n.contains("holds 0 bytes")),
                r.notices()::toString);
        assertEquals(written, Files.size(one));
        assertTrue(generation(w, storage).isComplete());
    }

    @Test
    void sizesSurviveAnInterruptedRun() throws Exception {
        Workload w = workload("png");
        LocalStorage storage = new LocalStorage(dir);
        generation(w, storage).ensure(null);
        // as if the run had stopped before marking the manifest complete: the ledger still vouches for the files
        Files.writeString(dir.resolve("data/.jdlio-manifest"),
                Files.readString(dir.resolve("data/.jdlio-manifest")).replace("complete=true", "complete=false"));
        Path one = dir.resolve("data/" + Datasets.target(new DatasetPlan(w.dataset()), Split.VALID, 1).relativePath());
        Files.write(one, new byte[] {1, 2, 3});
        Generation.Result r = generation(w, storage).ensure(null);
        assertEquals(1, r.filesWritten(), r::toString);
        assertEquals(7, r.filesReused());
    }

    @Test
    void bytesWrittenAreTheBytesOnStorageNotThePlan() throws Exception {
        for (String format : List.of("jpeg", "parquet")) {
            Workload w = workload(format, "dataset.data_folder=" + dir.resolve(format), "dataset.compression=snappy");
            DatasetPlan plan = new DatasetPlan(w.dataset());
            FileFormat f = Datasets.format(w);
            assertTrue(Datasets.estimated(plan, f), format + " sizes are known only after writing");
            long planned = Datasets.bytes(plan, f, Split.TRAIN) + Datasets.bytes(plan, f, Split.VALID);
            Generation.Result r = generation(w, new LocalStorage(dir)).ensure(null);
            long onDisk = sizeOnDisk(dir.resolve(format));
            assertEquals(onDisk, r.bytesWritten(), format);
            assertNotEquals(planned, r.bytesWritten(), format + ": the estimate is not what was written");
        }
        Workload npy = workload("npy", "dataset.data_folder=" + dir.resolve("npy"));
        assertFalse(Datasets.estimated(new DatasetPlan(npy.dataset()), Datasets.format(npy)));
    }

    @Test
    void aSampleThatReadsNoBytesIsAnError() throws Exception {
        Workload w = workload("jpeg");
        LocalStorage storage = new LocalStorage(dir);
        generation(w, storage).ensure(null);
        DatasetPlan plan = new DatasetPlan(w.dataset());
        Path one = dir.resolve("data/" + Datasets.target(plan, Split.TRAIN, 0).relativePath());
        Files.write(one, new byte[0]);
        try (SampleSource source = new SampleSource(plan, Split.TRAIN, storage, Datasets.format(w),
                ByteBuffer.allocateDirect(1 << 20))) {
            source.read(1, 0);
            WorkloadException e = assertThrows(WorkloadException.class, () -> source.read(0, 0));
            assertTrue(e.getMessage().contains(one.toString()) && e.getMessage().contains("read 0 bytes"),
                    e::getMessage);
        }
    }

    @Test
    void temporariesOfDeadRunsAreRemovedAndNothingElse() throws Exception {
        Workload w = workload("npy");
        LocalStorage storage = new LocalStorage(dir);
        generation(w, storage).ensure(null);
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path folder = dir.resolve("data/train/0");
        Path leftover = folder.resolve(".img_1_of_6.npy.jdlio-" + gone.pid() + "-7.tmp");
        Path live = folder.resolve(".img_1_of_6.npy.jdlio-" + ProcessHandle.current().parent().orElseThrow().pid()
                + "-7.tmp");
        Path foreign = folder.resolve(".notes.tmp");
        for (Path p : List.of(leftover, live, foreign)) {
            Files.write(p, new byte[] {1});
        }
        Generation.Result r = generation(w, storage).ensure(null);
        assertFalse(Files.exists(leftover), "a dead run's temporary goes");
        assertTrue(Files.exists(live), "a live process's temporary stays");
        assertTrue(Files.exists(foreign), "what jdlio did not name stays");
        assertTrue(r.notices().stream().anyMatch(n -> n.contains(leftover.toString())), r.notices()::toString);
    }

    @Test
    void aPlanLargerThanTheFreeSpaceIsRefusedBeforeWriting() {
        // 8 files of about 4 KiB on a disk with 16 KiB free
        Workload w = workload("npy");
        WorkloadException e = assertThrows(WorkloadException.class, () -> new Generation(w, new DatasetPlan(
                w.dataset()), TestStorage.withFree(new LocalStorage(dir), 16384), Datasets.format(w), 2).ensure(null));
        assertTrue(e.getMessage().startsWith("dataset.data_folder " + dir.resolve("data") + ": generating 8 file(s) "
                + "needs 33,") && e.getMessage().contains("has 16,384 bytes free;"), e::getMessage);
        assertFalse(Files.exists(dir.resolve("data/train")), "nothing was written");
    }

    @Test
    void onlyTheMissingFilesCountWhenReusing() throws Exception {
        Workload w = workload("npy");
        generation(w, new LocalStorage(dir)).ensure(null);
        Files.delete(dir.resolve("data/" + Datasets.target(new DatasetPlan(w.dataset()), Split.TRAIN, 2).relativePath()));
        Generation.Result r = new Generation(w, new DatasetPlan(w.dataset()),
                TestStorage.withFree(new LocalStorage(dir), 16384), Datasets.format(w), 2).ensure(null);
        assertEquals(1, r.filesWritten());
    }

    @Test
    void aDataFolderThatIsAFileIsOneClearLine() throws Exception {
        // validate refuses it too; this is the file that appears between validation and generation
        Workload w = workload("npy");
        Files.writeString(dir.resolve("data"), "x");
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> generation(w, new LocalStorage(dir)).ensure(null));
        assertTrue(e.getMessage().startsWith("dataset.data_folder " + dir.resolve("data") + " is a file"),
                e::getMessage);
    }

    @Test
    void aManifestThatIsAFolderIsOneClearLine() throws Exception {
        Files.createDirectories(dir.resolve("data/.jdlio-manifest"));
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> generation(workload("npy"), new LocalStorage(dir)).ensure(null));
        assertTrue(e.getMessage().startsWith(dir.resolve("data/.jdlio-manifest") + " is a folder"), e::getMessage);
    }

    @Test
    void aReadOnlyDataFolderMissingAFileSaysSo() throws Exception {
        Workload w = workload("npy");
        generation(w, new LocalStorage(dir)).ensure(null);
        Path one = dir.resolve("data/" + Datasets.target(new DatasetPlan(w.dataset()), Split.TRAIN, 2).relativePath());
        Files.delete(one);
        WorkloadException e = assertThrows(WorkloadException.class,
                () -> new Generation(w, new DatasetPlan(w.dataset()), TestStorage.readOnly(new LocalStorage(dir)),
                        Datasets.format(w), 2).ensure(null));
        assertTrue(e.getMessage().contains("misses 1 of 8 files (first: " + one + ")")
                && e.getMessage().contains("make it writable"), e::getMessage);
    }
}
