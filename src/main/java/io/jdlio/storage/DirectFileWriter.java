package io.jdlio.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * O_DIRECT writes of a new file. Bytes gather in an aligned buffer and go to the device in whole aligned
 * buffers; the last partial block is written padded to a block and the file cut back to its length, so the
 * file is byte for byte what a buffered write gives. Cannot seek back ({@link #canWriteAt} is false):
 * formats then write in one forward pass, as they do for object stores.
 */
final class DirectFileWriter implements ObjectWriter {
    private static final int BUFFER_BYTES = 1 << 20;

    private final StagedFile file;
    private final FileChannel ch;
    private final int align;
    private final ByteBuffer buffer;
    private long flushed;       // bytes on the device, always a multiple of align

    DirectFileWriter(StagedFile file, int align) {
        this.file = file;
        this.ch = file.channel;
        this.align = align;
        this.buffer = DirectFileReader.aligned(BUFFER_BYTES - BUFFER_BYTES % align, align);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int take = Math.min(buffer.remaining(), src.remaining());
            buffer.put(buffer.position(), src, src.position(), take);
            buffer.position(buffer.position() + take);
            src.position(src.position() + take);
            if (!buffer.hasRemaining()) {
                drain(buffer.position());
            }
        }
    }

    /** Writes the buffer's first {@code bytes} (a multiple of align) at the flushed end. */
    private void drain(int bytes) throws IOException {
        ByteBuffer out = buffer.duplicate().position(0).limit(bytes);
        while (out.hasRemaining()) {
            flushed += ch.write(out, flushed);
        }
        buffer.clear();
    }

    @Override
    public long position() {
        return flushed + buffer.position();
    }

    @Override
    public boolean canWriteAt(long objectBytes) {
        return false;
    }

    @Override
    public void writeAt(long offset, ByteBuffer src) throws IOException {
        throw new IOException(file.target() + ": an O_DIRECT file is written in one forward pass, not at an offset");
    }

    @Override
    public void commit(boolean durable) throws IOException {
        long length = position();
        int tail = buffer.position();
        if (tail > 0) {
            int padded = (tail + align - 1) / align * align;
            for (int i = tail; i < padded; i++) {
                buffer.put(i, (byte) 0);
            }
            drain(padded);
            ch.truncate(length);
        }
        file.publish(durable);
    }

    @Override
    public void abort() throws IOException {
        file.discard();
    }

    @Override
    public void close() throws IOException {
        abort();
    }
}
