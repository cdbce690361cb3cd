package io.jdlio.format;

import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import io.jdlio.storage.Storage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * DLIO's mmap_indexed_binary: indexed_binary's files, read through a memory mapping. DLIO only takes a view
 * of the mapping, so no byte is ever read; jdlio reads every byte of the sample through the mapping
 * (docs/differences.md, "mmap_indexed_binary"), which is what a loader that uses the sample does.
 */
public final class MmapIndexedBinaryFormat extends IndexedBinaryFormat {
    /** Maps its files: a dataset on an object store is refused before any work. */
    static final FormatDescriptor DESCRIPTOR = new FormatDescriptor() {
        @Override
        public DataFormat format() {
            return DataFormat.MMAP_INDEXED_BINARY;
        }

        @Override
        public FileFormat create(DatasetConfig d) {
            return new MmapIndexedBinaryFormat();
        }

        @Override
        public boolean mapsFiles() {
            return true;
        }
    };

    private static final long WINDOW = 1L << 30;
    /** Where each sample's byte sum goes, so the JIT cannot drop the loads that touch the mapping. */
    static volatile long touched;

    @Override
    public DataFormat kind() {
        return DataFormat.MMAP_INDEXED_BINARY;
    }

    @Override
    SampleReader reader(Storage storage, FileTarget target, long[] offsets, long[] sizes, long indexBytes)
            throws IOException {
        String name = storage.describe(target.path());
        Path file = storage.localPath(target.path()).orElseThrow(() -> new IOException(name
                + ": mmap_indexed_binary maps files, and this storage has none; use indexed_binary"));
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new SampleReader() {
            private long pending = indexBytes;

            @Override
            public long readSample(int sample, ByteBuffer scratch) throws IOException {
                check(sample, offsets.length, name);
                long end = offsets[sample] + sizes[sample];
                if (end > ch.size()) {
                    // mapping past the end would fail with an opaque "cannot extend file" or a SIGBUS
                    throw new IOException(name + ": sample " + sample + " at offset " + offsets[sample]
                            + " expected to end at byte " + end + ", the file ends at byte " + ch.size()
                            + " (file truncated?)");
                }
                long done = 0;
                long sink = 0;
                while (done < sizes[sample]) {
                    long len = Math.min(WINDOW, sizes[sample] - done);
                    MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, offsets[sample] + done, len);
                    // every byte read through the mapping; the sum keeps the JIT from dropping the loads
                    int i = 0;
                    for (; i + 8 <= len; i += 8) {
                        sink += m.getLong(i);
                    }
                    for (; i < len; i++) {
                        sink += m.get(i);
                    }
                    done += len;
                }
                touched = sink;
                long n = done + pending;
                pending = 0;
                return n;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
    }
}
