package dev.twice.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The chunked decoder on byte arrays: whole, and fed one byte at a time (docs/reliability.md A8-A12, A15). */
class ChunkedDecoderTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "5\\r\\nhello\\r\\n0\\r\\n\\r\\n                       | hello",
                "5\\r\\nhello\\r\\n6\\r\\n world\\r\\n0\\r\\n\\r\\n    | hello world",
                "A\\r\\n0123456789\\r\\n0\\r\\n\\r\\n                  | 0123456789",
                "a\\r\\n0123456789\\r\\n0\\r\\n\\r\\n                  | 0123456789",
                "0005\\r\\nhello\\r\\n0\\r\\n\\r\\n                    | hello",
                "5;name=value\\r\\nhello\\r\\n0\\r\\n\\r\\n           | hello",
                "5;a;b=\"q v\"\\r\\nhello\\r\\n0;last\\r\\n\\r\\n       | hello",
                "5\\r\\nhello\\r\\n0\\r\\nX-Trailer: a\\r\\nY: b\\r\\n\\r\\n | hello",
                "0\\r\\n\\r\\n                                       | ''",
            })
    void validBodiesDecodeToTheirData(String framed, String data) throws Exception {
        byte[] in = unescape(framed);
        assertEquals(data, decodeWhole(in));
        assertEquals(data, decodeByteByByte(in));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Z\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "0x5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "+5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "-1\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                " 5\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "5g\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "10000000000000005\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "8000000000000000\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "5 \\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "5\\r\\nhelloEXTRA\\r\\n0\\r\\n\\r\\n",
                "5\\r\\nhel\\r\\n0\\r\\n\\r\\n",
                "5\\nhello\\r\\n0\\r\\n\\r\\n",
                "5\\r\\nhello\\n0\\r\\n\\r\\n",
                "5;a=b\\rc\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "5;a\\n=b\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "5;a\\u0000\\r\\nhello\\r\\n0\\r\\n\\r\\n",
                "5\\r\\nhello\\r\\n0\\r\\n X: folded\\r\\n\\r\\n",
                "5\\r\\nhello\\r\\n0\\r\\nno colon\\r\\n\\r\\n",
                "5\\r\\nhello\\r\\n0\\r\\nX: a\\u0000\\r\\n\\r\\n",
                "5\\r\\nhello\\r\\n0\\r\\n\\n",
            })
    void malformedBodiesAreRefusedWhetherWholeOrByteByByte(String framed) {
        byte[] in = unescape(framed);
        assertThrows(MalformedBodyException.class, () -> decodeWhole(in));
        assertThrows(MalformedBodyException.class, () -> decodeByteByByte(in));
    }

    @Test
    void extensionsOverTheCapAreRefused() {
        String atCap = "x".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES);
        assertEquals("hello", assertDoesNotThrow("5;" + atCap + "\r\nhello\r\n0\r\n\r\n"));
        assertThrows(
                MalformedBodyException.class,
                () -> decodeWhole(("5;" + atCap + "x\r\nhello\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void bytesAfterTheLastChunkAreLeftForTheNextRequest() throws Exception {
        ByteBuffer in =
                ByteBuffer.wrap("3\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
        ChunkedDecoder d = new ChunkedDecoder();
        d.decode(in, ByteBuffer.allocate(64));
        assertTrue(d.isDone());
        assertEquals(
                "GET / HTTP/1.1\r\n", StandardCharsets.ISO_8859_1.decode(in).toString());
    }

    @Test
    void aFullOutputBufferPausesDecodingWithoutLosingBytes() throws Exception {
        ByteBuffer in = ByteBuffer.wrap("a\r\n0123456789\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        ChunkedDecoder d = new ChunkedDecoder();
        StringBuilder data = new StringBuilder();
        while (!d.isDone()) {
            ByteBuffer out = ByteBuffer.allocate(3);
            d.decode(in, out);
            out.flip();
            data.append(StandardCharsets.ISO_8859_1.decode(out));
        }
        assertEquals("0123456789", data.toString());
    }

    private static String assertDoesNotThrow(String framed) {
        try {
            return decodeWhole(framed.getBytes(StandardCharsets.ISO_8859_1));
        } catch (MalformedBodyException e) {
            throw new AssertionError(e);
        }
    }

    private static String decodeWhole(byte[] framed) throws MalformedBodyException {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer out = ByteBuffer.allocate(framed.length);
        ByteBuffer in = ByteBuffer.wrap(framed);
        d.decode(in, out);
        assertTrue(d.isDone(), "body ended");
        assertEquals(0, in.remaining(), "every byte consumed");
        out.flip();
        return StandardCharsets.ISO_8859_1.decode(out).toString();
    }

    private static String decodeByteByByte(byte[] framed) throws MalformedBodyException {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer out = ByteBuffer.allocate(framed.length);
        for (byte b : framed) {
            d.decode(ByteBuffer.wrap(new byte[] {b}), out);
        }
        assertTrue(d.isDone(), "body ended");
        out.flip();
        return StandardCharsets.ISO_8859_1.decode(out).toString();
    }

    private static byte[] unescape(String s) {
        return s.replace("\\r", "\r")
                .replace("\\n", "\n")
                .replace("\\u0000", "\u0000")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
