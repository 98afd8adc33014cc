package dev.twice.capture;

import java.util.HexFormat;

/**
 * What the store keeps of one body: its full transferred {@code size}, the first {@code stored}
 * bytes (at most {@code --max-body}), and the SHA-256 of the whole body, so that two bodies that
 * differ only past the cut still compare as different. {@code shed} marks bytes dropped under
 * write pressure: metadata and hash are kept, the bytes are not. {@code form} says whether the
 * stored bytes are as transferred, or the content after decoding its {@code Content-Encoding}
 * (kept so when a secret in a compressed body had to be masked; docs/security.md).
 */
public record CapturedBody(long size, byte[] stored, byte[] sha256, boolean shed, Form form) {

    /** What the stored bytes are. */
    public enum Form {
        /** The body as transferred (maybe cut at {@code --max-body}). */
        AS_SENT,
        /** The whole body's content after content decoding, masked. */
        DECODED,
        /** The content decoded from a body cut at {@code --max-body}, masked: a prefix of the content. */
        DECODED_FROM_CUT;

        public boolean decoded() {
            return this != AS_SENT;
        }
    }

    private static final byte[] EMPTY_SHA256 =
            HexFormat.of().parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    public CapturedBody(long size, byte[] stored, byte[] sha256, boolean shed) {
        this(size, stored, sha256, shed, Form.AS_SENT);
    }

    /** A body with no bytes at all (a response without one). */
    public static CapturedBody empty() {
        return new CapturedBody(0, new byte[0], EMPTY_SHA256.clone(), false);
    }

    /** Not all of the body is stored: cut at {@code --max-body}, or shed. */
    public boolean truncated() {
        return switch (form) {
            case AS_SENT -> stored.length < size;
            case DECODED -> false;
            case DECODED_FROM_CUT -> true;
        };
    }

    /** The same body without its bytes, for when the store cannot keep up. */
    public CapturedBody withoutBytes() {
        return new CapturedBody(size, new byte[0], sha256, stored.length > 0 || shed);
    }
}
