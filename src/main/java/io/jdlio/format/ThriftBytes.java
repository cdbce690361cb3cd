package io.jdlio.format;

import shaded.parquet.org.apache.thrift.TConfiguration;
import shaded.parquet.org.apache.thrift.transport.TTransport;
import shaded.parquet.org.apache.thrift.transport.TTransportException;

/**
 * Thrift's input over bytes already in memory, handing the compact protocol the array itself: it then decodes
 * varints and field headers straight from the array. parquet-format's {@code Util} reads through an
 * InputStream instead, one synchronized {@code read()} per byte, which made a 140 KB footer of 200 columns cost
 * milliseconds per file opened.
 */
final class ThriftBytes extends TTransport {
    private final byte[] bytes;
    private int end;
    private int position;

    ThriftBytes(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        reset(offset, length);
    }

    /** Reads {@code length} bytes of the same array from {@code offset} next. */
    void reset(int offset, int length) {
        this.position = offset;
        this.end = offset + length;
    }

    /** The index in the array of the next byte to decode. */
    int position() {
        return position;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void open() {
    }

    @Override
    public void close() {
    }

    @Override
    public int read(byte[] buf, int off, int len) throws TTransportException {
        int n = Math.min(len, end - position);
        if (n <= 0) {
            throw new TTransportException(TTransportException.END_OF_FILE, "thrift structure runs past its bytes");
        }
        System.arraycopy(bytes, position, buf, off, n);
        position += n;
        return n;
    }

    @Override
    public void write(byte[] buf, int off, int len) throws TTransportException {
        throw new TTransportException("read-only");
    }

    @Override
    public byte[] getBuffer() {
        return bytes;
    }

    @Override
    public int getBufferPosition() {
        return position;
    }

    @Override
    public int getBytesRemainingInBuffer() {
        return end - position;
    }

    @Override
    public void consumeBuffer(int len) {
        position += len;
    }

    @Override
    public TConfiguration getConfiguration() {
        return TConfiguration.DEFAULT;
    }

    @Override
    public void updateKnownMessageSize(long size) {
    }

    /** A length read from the bytes (a string, a list) that would run past them is corrupt, not a huge allocation. */
    @Override
    public void checkReadBytesAvailable(long size) throws TTransportException {
        if (size > end - position) {
            throw new TTransportException(TTransportException.END_OF_FILE, "thrift length " + size + " runs past its "
                    + (end - position) + " remaining bytes");
        }
    }
}
