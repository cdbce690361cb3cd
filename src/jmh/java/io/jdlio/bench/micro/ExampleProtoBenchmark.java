package io.jdlio.bench.micro;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.jdlio.data.ContentStream;
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
 * count) encoded whole and parsed whole by protobuf's wire codec, as TensorFlow serialises and parses one:
 * what a reader that decodes the Example pays beyond jdlio's, which streams the image through and never
 * parses. Secondary metric {@code bytes}: message bytes per second.
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

    // Example{features(1): Features{feature(1): entry{key(1) "image", value(2): Feature{bytes_list(1):
    // BytesList{value(1) bytes}}}, feature(1): entry{key(1) "size", value(2): Feature{int64_list(3):
    // Int64List{value(1) packed}}}}}
    private static int encode(ByteString image, byte[] out) throws IOException {
        int bytesList = CodedOutputStream.computeBytesSize(1, image);
        int imageFeature = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(bytesList)
                + bytesList;
        int imageEntry = CodedOutputStream.computeStringSize(1, "image") + CodedOutputStream.computeTagSize(2)
                + CodedOutputStream.computeUInt32SizeNoTag(imageFeature) + imageFeature;
        int packed = CodedOutputStream.computeInt64SizeNoTag(image.size());
        int int64List = CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(packed) + packed;
        int sizeFeature = CodedOutputStream.computeTagSize(3) + CodedOutputStream.computeUInt32SizeNoTag(int64List)
                + int64List;
        int sizeEntry = CodedOutputStream.computeStringSize(1, "size") + CodedOutputStream.computeTagSize(2)
                + CodedOutputStream.computeUInt32SizeNoTag(sizeFeature) + sizeFeature;
        int features = 2 * CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(imageEntry)
                + imageEntry + CodedOutputStream.computeUInt32SizeNoTag(sizeEntry) + sizeEntry;
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(features);
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(imageEntry);
        o.writeString(1, "image");
        o.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(imageFeature);
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(bytesList);
        o.writeBytes(1, image);
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(sizeEntry);
        o.writeString(1, "size");
        o.writeTag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(sizeFeature);
        o.writeTag(3, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(int64List);
        o.writeTag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        o.writeUInt32NoTag(packed);
        o.writeInt64NoTag(image.size());
        o.flush();
        return o.getTotalBytesWritten();
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
