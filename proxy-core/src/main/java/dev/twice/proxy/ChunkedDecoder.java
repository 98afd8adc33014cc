package dev.twice.proxy;

import java.nio.ByteBuffer;

/**
 * A strict decoder for a chunked request body (RFC 9112 §7.1), pure and incremental: it may be fed
 * one byte at a time and decides the same. Undertow's own chunk reader is lenient (it takes the
 * valid prefix of {@code 5g}, ignores data past a chunk's size, accepts bare LF); a proxy that is
 * looser than the server behind it is a smuggling vector, so twice decodes chunks itself.
 *
 * <p>Accepted: 1 to 16 hex digits without sign, prefix or padding; chunk extensions of visible
 * characters, dropped, at most {@link #MAX_EXTENSION_BYTES} per body; CRLF only. Trailer fields
 * are checked and dropped (never merged into the headers, never forwarded).
 */
final class ChunkedDecoder {

    static final int MAX_EXTENSION_BYTES = 4096;
    static final int MAX_TRAILER_BYTES = 16 * 1024;

    private enum State {
        SIZE,
        EXTENSION,
        SIZE_LF,
        DATA,
        DATA_CR,
        DATA_LF,
        TRAILER_START,
        TRAILER_NAME,
        TRAILER_VALUE,
        TRAILER_LF,
        END_LF,
        DONE
    }

    private State state = State.SIZE;
    private long size;
    private int digits;
    private long remaining;
    private int extensionBytes;
    private int trailerBytes;

    boolean isDone() {
        return state == State.DONE;
    }

    /**
     * Decodes from {@code in} into {@code out} until {@code in} is empty, {@code out} is full or the
     * body has ended; bytes after the end stay in {@code in} (they are the next pipelined request).
     */
    void decode(ByteBuffer in, ByteBuffer out) throws MalformedBodyException {
        while (in.hasRemaining() && state != State.DONE) {
            if (state == State.DATA) {
                if (!out.hasRemaining()) {
                    return;
                }
                int n = (int) Math.min(remaining, Math.min(in.remaining(), out.remaining()));
                ByteBuffer slice = in.duplicate();
                slice.limit(slice.position() + n);
                out.put(slice);
                in.position(in.position() + n);
                remaining -= n;
                if (remaining == 0) {
                    state = State.DATA_CR;
                }
                continue;
            }
            step(in.get() & 0xff);
        }
    }

    private void step(int b) throws MalformedBodyException {
        switch (state) {
            case SIZE -> size(b);
            case EXTENSION -> {
                if (b == '\r') {
                    state = State.SIZE_LF;
                } else if (!HeaderSyntax.isFieldByte(b)) {
                    throw new MalformedBodyException("control character in a chunk extension");
                } else if (++extensionBytes > MAX_EXTENSION_BYTES) {
                    throw new MalformedBodyException("chunk extensions over " + MAX_EXTENSION_BYTES + " bytes");
                }
            }
            case SIZE_LF -> {
                expect(b, '\n', "chunk size line not ended by CRLF");
                if (size == 0) {
                    state = State.TRAILER_START;
                } else {
                    remaining = size;
                    state = State.DATA;
                }
            }
            case DATA_CR -> {
                expect(b, '\r', "chunk data longer than its size");
                state = State.DATA_LF;
            }
            case DATA_LF -> {
                expect(b, '\n', "chunk data not ended by CRLF");
                size = 0;
                digits = 0;
                state = State.SIZE;
            }
            case TRAILER_START -> {
                if (b == '\r') {
                    state = State.END_LF;
                } else if (HeaderSyntax.isTokenChar(b)) {
                    countTrailer();
                    state = State.TRAILER_NAME;
                } else {
                    throw new MalformedBodyException("malformed trailer field");
                }
            }
            case TRAILER_NAME -> {
                countTrailer();
                if (b == ':') {
                    state = State.TRAILER_VALUE;
                } else if (!HeaderSyntax.isTokenChar(b)) {
                    throw new MalformedBodyException("malformed trailer field name");
                }
            }
            case TRAILER_VALUE -> {
                if (b == '\r') {
                    state = State.TRAILER_LF;
                } else if (!HeaderSyntax.isFieldByte(b)) {
                    throw new MalformedBodyException("control character in a trailer field");
                } else {
                    countTrailer();
                }
            }
            case TRAILER_LF -> {
                expect(b, '\n', "trailer line not ended by CRLF");
                state = State.TRAILER_START;
            }
            case END_LF -> {
                expect(b, '\n', "chunked body not ended by CRLF");
                state = State.DONE;
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void size(int b) throws MalformedBodyException {
        int d = Character.digit(b, 16);
        if (d >= 0 && b < 0x80) {
            if (++digits > 16 || size > (Long.MAX_VALUE >> 4)) {
                throw new MalformedBodyException("chunk size too large");
            }
            size = (size << 4) | d;
        } else if (digits > 0 && b == ';') {
            state = State.EXTENSION;
        } else if (digits > 0 && b == '\r') {
            state = State.SIZE_LF;
        } else {
            throw new MalformedBodyException("invalid chunk size");
        }
    }

    private void countTrailer() throws MalformedBodyException {
        if (++trailerBytes > MAX_TRAILER_BYTES) {
            throw new MalformedBodyException("trailer section over " + MAX_TRAILER_BYTES + " bytes");
        }
    }

    private static void expect(int b, int wanted, String problem) throws MalformedBodyException {
        if (b != wanted) {
            throw new MalformedBodyException(problem);
        }
    }
}
