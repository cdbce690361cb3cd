package io.jdlio.format;

import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/** Moves payload bytes through a caller's scratch buffer, so no format holds a file in memory. */
final class Payload {
    private Payload() {
    }

    /** Receives one filled chunk of bytes; consumes it. */
    interface Chunk {
        void accept(ByteBuffer chunk) throws IOException;
    }

    /** Fills {@code scratch} with content bytes {@code [from, from + n)} chunk by chunk, handing each chunk on. */
    static void chunks(ContentStream content, long from, long n, ByteBuffer scratch, Chunk sink) throws IOException {
        long done = 0;
        while (done < n) {
            scratch.clear();
            scratch.limit((int) Math.min(scratch.capacity(), n - done));
            content.fill(scratch, from + done);
            scratch.flip();
            done += scratch.limit();
            sink.accept(scratch);
        }
    }

    /** Writes {@code n} content bytes, updating {@code crc} when non-null. */
    static void write(ContentStream content, long n, ObjectWriter out, ByteBuffer scratch, CRC32 crc)
            throws IOException {
        long done = 0;
        while (done < n) {
            int most = (int) Math.min(scratch.capacity(), n - done);
            // made where the writer sends it from, when it lends that buffer: no copy of every byte
            ByteBuffer window = out.window(most);
            ByteBuffer chunk = window != null ? window : scratch.clear().limit(most);
            content.fill(chunk, done);
            chunk.flip();
            done += chunk.limit();
            if (crc != null) {
                crc.update(chunk.duplicate());
            }
            if (window != null) {
                out.advance(chunk.limit());
            } else {
                out.write(chunk);
            }
        }
    }

    /** The CRC-32 of {@code n} content bytes, without writing them (for stores that cannot seek back). */
    static void crc(ContentStream content, long n, ByteBuffer scratch, CRC32 crc) throws IOException {
        chunks(content, 0, n, scratch, crc::update);
    }

    /** Writes {@code n} zero bytes. */
    static void zeros(long n, ObjectWriter out, ByteBuffer scratch, CRC32 crc) throws IOException {
        long left = n;
        while (left > 0) {
            scratch.clear();
            int len = (int) Math.min(scratch.capacity(), left);
            for (int i = 0; i < len; i++) {
                scratch.put(i, (byte) 0);
            }
            scratch.limit(len);
            if (crc != null) {
                crc.update(scratch.duplicate());
            }
            out.write(scratch);
            left -= len;
        }
    }

    /**
     * Reads {@code [offset, offset + length)} through {@code scratch}, discarding the bytes: the I/O a loader
     * does, without keeping what it read. Returns the bytes read.
     */
    static long readRange(ObjectReader in, long offset, long length, ByteBuffer scratch, String name)
            throws IOException {
        long direct = in.discard(offset, length, scratch);
        if (direct >= 0) {
            if (direct < length) {
                throw new IOException(name + ": ends at byte " + (offset + direct) + ", expected " + (offset + length)
                        + " (file truncated?)");
            }
            return direct;
        }
        long done = 0;
        while (done < length) {
            scratch.clear();
            scratch.limit((int) Math.min(scratch.capacity(), length - done));
            done += readFully(in, offset + done, scratch, name);
        }
        return done;
    }

    /** Fills {@code dst} from {@code offset} and flips it; a short object is an error naming it. */
    static int readFully(ObjectReader in, long offset, ByteBuffer dst, String name) throws IOException {
        int done = 0;
        while (dst.hasRemaining()) {
            int n = in.read(offset + done, dst);
            if (n <= 0) {
                throw new IOException(name + ": ends at byte " + (offset + done) + ", expected "
                        + (offset + done + dst.remaining()) + " (file truncated?)");
            }
            done += n;
        }
        dst.flip();
        return done;
    }
}
