package io.jdlio.bench.micro;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.jdlio.data.ContentStream;
import io.jdlio.format.TfRecordFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@code tf.train.Example} of DLIO's TFRecord samples ({@code image}: the sample's bytes, {@code size}: its
 * count): encoded by jdlio's own framing (TfRecordFormat, as generation writes it), and parsed whole by
 * protobuf's wire codec as TensorFlow parses one: what a reader that decodes the Example pays beyond jdlio's,
 * which streams the image through and never parses. Secondary metric {@code bytes}: message bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Threads(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Thread)
public class ExampleProtoBenchmark {

    @Param({"4096", "262144", "4194304"})
    public int recordBytes;

    private ByteString image;
    private byte[] message;
    private int messageBytes;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(recordBytes);
        new ContentStream(10, 3).fill(b, 0);
        image = ByteString.copyFrom(b.array());
        message = new byte[recordBytes + 256];
        messageBytes = encode(image, message);
    }

    @Benchmark
    public int encode(Bytes counter) throws IOException {
        return counter.add(messageBytes, encode(image, message));
    }

    @Benchmark
    public ByteString parse(Bytes counter) throws IOException {
        return counter.add(messageBytes, parseImage(message, messageBytes));
    }

    /**
     * jdlio's own encoding (TfRecordFormat's framing around the image bytes, as generation writes it), into one
     * message buffer so that the parse below reads what a TensorFlow reader would.
     */
    private static int encode(ByteString image, byte[] out) throws IOException {
        TfRecordFormat.Example ex = TfRecordFormat.example(image.size());
        System.arraycopy(ex.prefix(), 0, out, 0, ex.prefix().length);
        image.copyTo(out, ex.prefix().length);
        System.arraycopy(ex.suffix(), 0, out, ex.prefix().length + image.size(), ex.suffix().length);
        return (int) ex.length();
    }

    /** Walks the message as a generated parser does, copying the image's bytes out; returns them. */
    private static ByteString parseImage(byte[] message, int length) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(message, 0, length);
        ByteString found = null;
        long size = -1;
        // features -> feature entries
        in.readTag();
        int featuresEnd = in.pushLimit(in.readRawVarint32());
        while (in.readTag() != 0) {
            int entry = in.pushLimit(in.readRawVarint32());
            String key = null;
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == 1) {
                    key = in.readStringRequireUtf8();
                } else {
                    int feature = in.pushLimit(in.readRawVarint32());
                    int kind = in.readTag();
                    int list = in.pushLimit(in.readRawVarint32());
                    in.readTag();
                    if (WireFormat.getTagFieldNumber(kind) == 1) {
                        found = in.readBytes();
                    } else {
                        int packed = in.pushLimit(in.readRawVarint32());
                        size = in.readInt64();
                        in.popLimit(packed);
                    }
                    in.popLimit(list);
                    in.popLimit(feature);
                }
            }
            in.popLimit(entry);
            if (key == null) {
                throw new IOException("Example feature without a key");
            }
        }
        in.popLimit(featuresEnd);
        if (found == null || found.size() != size) {
            throw new IOException("Example parsed to image " + (found == null ? "none" : found.size()) + ", size " + size);
        }
        return found;
    }
}
