package io.jdlio.format;

import io.jdlio.config.ConfigException;
import io.jdlio.config.DataFormat;
import io.jdlio.config.DatasetConfig;
import io.jdlio.config.ElementType;
import io.jdlio.data.ContentStream;
import io.jdlio.storage.ObjectReader;
import io.jdlio.storage.ObjectWriter;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * DLIO's jpeg and png (docs/datasets.md, "Formats"): one 8-bit grayscale image per file, height d1 and width d2, pixels
 * 0..254; JPEG at quality 75 (PIL's default), so file sizes differ from record_length as in DLIO. The encoders hold one
 * image in memory (d1 x d2 bytes plus the encoded file); images are small, unlike NPZ payloads. Reading reads the whole
 * file once per open file: a loader must have all of it to decode.
 */
public final class ImageFormat implements StreamFormat {
    /** The first bytes of every JPEG (SOI and the next marker's 0xff) and every PNG. */
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    public static final FormatDescriptor JPEG_DESCRIPTOR = descriptor(DataFormat.JPEG);
    public static final FormatDescriptor PNG_DESCRIPTOR = descriptor(DataFormat.PNG);

    private final DataFormat kind;

    /** An image holds uint8 pixels in at most two dimensions; the messages are DLIO's own wording. */
    private static FormatDescriptor descriptor(DataFormat kind) {
        return new FormatDescriptor() {
            @Override
            public DataFormat format() {
                return kind;
            }

            @Override
            public FileFormat create(DatasetConfig d) {
                return new ImageFormat(kind);
            }

            @Override
            public void validate(String source, DatasetConfig d) {
                if (d.recordElementType() != ElementType.UINT8) {
                    throw ConfigException.expected(source, "dataset.record_element_type",
                            d.recordElementType().numpyName(), "uint8, the only element type " + kind.yamlName()
                                    + " images hold");
                }
                if (d.recordDims().size() > 2) {
                    throw new ConfigException(source + ": dataset.record_dims: `" + kind.yamlName()
                            + "` format does not support more than 2 dimensions, but got " + d.recordDims().size()
                            + " dimensions.");
                }
            }
        };
    }

    public ImageFormat(DataFormat kind) {
        if (kind != DataFormat.JPEG && kind != DataFormat.PNG) {
            throw new IllegalArgumentException(kind + " is not an image format");
        }
        this.kind = kind;
    }

    @Override
    public DataFormat kind() {
        return kind;
    }

    @Override
    public long fileSize(FileSpec spec) {
        return -1;
    }

    @Override
    public void write(FileSpec spec, ContentStream content, ObjectWriter out, ByteBuffer scratch) throws IOException {
        long[] shape = spec.sampleShape();
        long height = shape[0];
        long width = shape.length > 1 ? shape[1] : 1;
        if (height * width > Integer.MAX_VALUE - 64) {
            throw new IOException(height + " x " + width + " pixels is too large for one " + kind.yamlName()
                    + " image; lower dataset.record_length_bytes");
        }
        BufferedImage image = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        ByteBuffer wrap = ByteBuffer.wrap(pixels);
        content.fill(wrap, 0);
        for (int i = 0; i < pixels.length; i++) {
            // DLIO's randint(0, 255) draws 0..254
            pixels[i] = (byte) (Byte.toUnsignedInt(pixels[i]) % 255);
        }
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(pixels.length / 2 + 1024);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(kind == DataFormat.JPEG ? "jpeg" : "png");
        ImageWriter writer = writers.next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(encoded)) {
            writer.setOutput(ios);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (kind == DataFormat.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(0.75f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        out.write(ByteBuffer.wrap(encoded.toByteArray()));
    }

    @Override
    public SampleReader openReader(ObjectReader in, String name) {
        return new WholeFileReader(in, name, kind == DataFormat.JPEG ? "JPEG" : "PNG",
                kind == DataFormat.JPEG ? JPEG_SIGNATURE : PNG_SIGNATURE);
    }
}
