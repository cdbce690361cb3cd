package io.jdlio.bench.micro;

import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.nio.ByteBuffer;

/**
 * An object held in memory, written through jdlio's ObjectWriter and read through its ObjectReader, so a
 * format's framing and parsing are measured without any storage below them.
 */
final class MemoryObject {
    private ByteBuffer bytes;

    MemoryObject(int capacity) {
        bytes = ByteBuffer.allocateDirect(capacity);
    }

    /** A writer that starts the object afresh; a writer past the capacity fails, as a full disk would. */
    ObjectWriter writer() {
        bytes.clear();
        return new ObjectWriter() {
            @Override
            public void write(ByteBuffer src) {
                bytes.put(src);
            }

            @Override
            public long position() {
                return bytes.position();
            }

            @Override
            public boolean canWriteAt(long objectBytes) {
                return true;
            }

            @Override
            public void writeAt(long offset, ByteBuffer src) {
                bytes.put((int) offset, src, src.position(), src.remaining());
                src.position(src.limit());
            }

            @Override
            public void commit(boolean durable) {
            }

            @Override
            public void abort() {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Bytes written by the last writer. */
    long size() {
        return bytes.position();
    }

    /** A reader of what the last writer wrote. */
    ObjectReader reader() {
        ByteBuffer view = bytes.duplicate().flip();
        return new ObjectReader() {
            @Override
            public long size() {
                return view.limit();
            }

            @Override
            public int read(long offset, ByteBuffer dst) {
                int n = (int) Math.min(dst.remaining(), view.limit() - offset);
                if (n <= 0) {
                    return n == 0 ? 0 : -1;
                }
                dst.put(view.slice((int) offset, n));
                return n;
            }

            @Override
            public void close() {
            }
        };
    }
}
