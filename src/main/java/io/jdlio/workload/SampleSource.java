package io.jdlio.workload;

import io.jdlio.format.FileFormat;
import io.jdlio.format.SampleReader;
import io.jdlio.metrics.Latency;
import io.jdlio.plan.DatasetPlan;
import io.jdlio.plan.Split;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One reader worker's view of the dataset: keeps the file it is reading open while consecutive samples come from it, so
 * a multi-sample file is read once per epoch per worker (docs/differences.md, "reading a sample"), and counts the
 * bytes.
 */
final class SampleSource implements AutoCloseable {
    private final DatasetPlan plan;
    private final Split split;
    private final Storage storage;
    private final FileFormat format;
    private final ByteBuffer scratch;
    private int openFile = -1;
    private SampleReader reader;
    private long bytesRead;
    private long fileBytes;
    /** Every sample read's duration, opening its file included: written by this worker's thread only. */
    private final Latency latency = new Latency();

    SampleSource(DatasetPlan plan, Split split, Storage storage, FileFormat format, ByteBuffer scratch) {
        this.plan = plan;
        this.split = split;
        this.storage = storage;
        this.format = format;
        this.scratch = scratch;
    }

    /**
     * Reads samples {@code [first, first + count)} of {@code file}: those the open reader already holds (a
     * Parquet row group read for an earlier sample) count as reads of no time, without a clock read each; the
     * others as {@link #read} reads them.
     */
    void readRun(int file, int first, int count) {
        int end = first + count;
        int s = first;
        while (s < end) {
            int held = file == openFile ? reader.residentUntil(s, end) : s;
            if (held > s) {
                latency.recordZeros(held - s);
                s = held;
            } else {
                read(file, s++);
            }
        }
    }

    void read(int file, int sample) {
        long started = System.nanoTime();
        try {
            if (file != openFile) {
                closeReader();
                reader = format.openReader(storage, Datasets.target(plan, split, file));
                openFile = file;
                fileBytes = 0;
            }
            // what really moved: O_DIRECT reads whole blocks
            long n = reader.readSample(sample, scratch) + storage.takeExtraTransferred();
            fileBytes += n;
            bytesRead += n;
            latency.record(System.nanoTime() - started);
            // later samples of a file read whole may read nothing; the first one read from a file never does
            if (fileBytes == 0 && format.kind() != io.jdlio.config.DataFormat.SYNTHETIC) {
                throw new WorkloadException("reading sample " + sample + " of " + storage.describe(
                        Datasets.path(plan, split, file)) + " read 0 bytes, but a loader of this format reads the "
                        + "sample from the file: the file is empty or cut short; delete it and run the generate verb");
            }
        } catch (IOException e) {
            throw failed(file, e);
        } catch (java.io.UncheckedIOException e) {
            // a reader that cannot throw IOException (an object's size read on first use) failed to reach storage
            throw failed(file, e.getCause());
        } catch (WorkloadException e) {
            throw e;
        } catch (RuntimeException e) {
            // a library parsing a corrupt file (jhdf, thrift) fails with its own exception, which names no file
            String path = Datasets.path(plan, split, file);
            throw new WorkloadException("reading " + storage.describe(path) + " failed: " + Generation.describe(e)
                    + "; if the file is corrupt, delete it and run the generate verb", e);
        }
    }

    private WorkloadException failed(int file, IOException e) {
        // the path is built here, not per sample: this is the readers' hot loop
        String path = storage.describe(Datasets.path(plan, split, file));
        if (e instanceof io.jdlio.storage.StorageFailureException) {
            // the storage service's own line already names the object, the endpoint and what to do
            return new WorkloadException(e.getMessage(), e);
        }
        String why = reason(e, path);
        return new WorkloadException("reading " + path + " failed: " + why
                + (e instanceof java.nio.file.NoSuchFileException
                ? "; the dataset is incomplete, run the generate verb or delete its .jdlio-manifest"
                : why.endsWith("is corrupt") ? "; delete it and rerun: the run writes it anew" : ""), e);
    }

    /** A reader's message without repeating the file name the caller already gives. */
    private static String reason(IOException e, String described) {
        String msg = e.getMessage();
        if (e.getClass() != IOException.class || msg == null) {
            return Generation.describe(e);
        }
        return msg.startsWith(described + ": ") ? msg.substring(described.length() + 2) : msg;
    }

    long bytesRead() {
        return bytesRead;
    }

    /** The sample reads' durations; read it once the worker has stopped. */
    Latency latency() {
        return latency;
    }

    private void closeReader() throws IOException {
        if (reader != null) {
            reader.close();
            reader = null;
            openFile = -1;
        }
    }

    @Override
    public void close() {
        try {
            closeReader();
        } catch (IOException e) {
            // closing a file opened only for reading loses nothing
        }
    }
}
