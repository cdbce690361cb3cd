package io.jdlio.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The header parse remembers the header it parsed last (a dataset's samples share one), so it must tell headers
 * apart byte for byte: alternating headers each parse as themselves, and a damaged header of the same length as a
 * good one just parsed is still refused.
 */
class NpyHeaderTest {
    private static NpyHeader.Parsed parse(byte[] header) throws IOException {
        return NpyHeader.parse(ByteBuffer.wrap(header), "test.npy");
    }

    @Test
    void alternatingHeadersEachParseAsThemselves() throws IOException {
        byte[] a = NpyHeader.encode("<f4", new long[] {2, 3, 4});
        byte[] b = NpyHeader.encode("<f4", new long[] {2, 3, 5});
        byte[] c = NpyHeader.encode("|u1", new long[] {7});
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new long[] {2, 3, 4}, parse(a).shape());
            assertArrayEquals(new long[] {2, 3, 5}, parse(b).shape());
            NpyHeader.Parsed u = parse(c);
            assertArrayEquals(new long[] {7}, u.shape());
            assertEquals(1, u.itemSize());
            assertEquals(4, parse(a).itemSize());
        }
    }

    @Test
    void aDamagedHeaderOfTheSameLengthAsTheLastIsRefused() throws IOException {
        byte[] good = NpyHeader.encode("<f4", new long[] {2, 3, 4});
        parse(good);
        String text = new String(good, StandardCharsets.ISO_8859_1).replace("'fortran_order': False",
                "'fortran_order': True ");
        byte[] fortran = text.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(good.length, fortran.length);
        IOException e = assertThrows(IOException.class, () -> parse(fortran));
        assertTrue(e.getMessage().startsWith("test.npy: expected an NPY header of a C-order array"), e.getMessage());
    }
}
