package dev.twice.capture;

/**
 * What the store keeps of one body: its full transferred {@code size}, the first {@code stored}
 * bytes (at most {@code --max-body}), and the SHA-256 of the whole body, so that two bodies that
 * differ only past the cut still compare as different. {@code shed} marks bytes dropped under
 * write pressure: metadata and hash are kept, the bytes are not.
 */
public record CapturedBody(long size, byte[] stored, byte[] sha256, boolean shed) {

    private static final byte[] EMPTY_SHA256 = java.util.HexFormat.of()
            .parseHex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /** A body with no bytes at all (a response without one). */
    public static CapturedBody empty() {
        return new CapturedBody(0, new byte[0], EMPTY_SHA256.clone(), false);
    }

    public boolean truncated() {
        return stored.length < size;
    }

    /** The same body without its bytes, for when the store cannot keep up. */
    public CapturedBody withoutBytes() {
        return new CapturedBody(size, new byte[0], sha256, stored.length > 0 || shed);
    }
}
