package io.jdlio.config;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A workload file's bytes as text. YAML files are UTF-8 (as PyYAML reads DLIO's); a file saved in another
 * encoding is refused with the encoding it looks like and the byte where UTF-8 fails, not a decoder's
 * "Input length = 3".
 */
final class ConfigText {
    private ConfigText() {
    }

    static String decode(String name, byte[] bytes) {
        if (startsWith(bytes, 0xFE, 0xFF) || startsWith(bytes, 0xFF, 0xFE) || hasNul(bytes)) {
            throw new ConfigException(name + ": looks like UTF-16 or UTF-32 text (it has a byte-order mark or NUL "
                    + "bytes); save it as UTF-8");
        }
        int from = startsWith(bytes, 0xEF, 0xBB, 0xBF) ? 3 : 0; // a UTF-8 byte-order mark is allowed and dropped
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, from, bytes.length - from)).toString();
        } catch (CharacterCodingException e) {
            int at = firstInvalid(bytes, from);
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ConfigException(String.format("%s: not UTF-8 text: byte 0x%02X at offset %d (line %d) is not "
                    + "valid UTF-8, as in Latin-1 or Windows-1252 files; save it as UTF-8", name,
                    bytes[at] & 0xFF, at, line));
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasNul(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return true;
            }
        }
        return false;
    }

    /** The offset of the first byte that starts no valid UTF-8 sequence. */
    private static int firstInvalid(byte[] bytes, int from) {
        ByteBuffer in = ByteBuffer.wrap(bytes, from, bytes.length - from);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        // the decoder stops at the malformed sequence, leaving the input's position on its first byte
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        return Math.min(in.position(), bytes.length - 1);
    }
}
