package dev.twice.capture;

/**
 * What the store keeps of one body: its full transferred {@code size}, the first {@code stored}
 * bytes (at most {@code --max-body}), and the SHA-256 of the whole body, so that two bodies that
 * differ only past the cut still compare as different. {@code shed} marks bytes dropped under
 * write pressure: metadata and hash are kept, the bytes are not.
 */
public record CapturedBody(long size, byte[] stored, byte[] sha256, boolean shed) {

    public boolean truncated() {
        return stored.length < size;
    }

    /** The same body without its bytes, for when the store cannot keep up. */
    public CapturedBody withoutBytes() {
        return new CapturedBody(size, new byte[0], sha256, stored.length > 0 || shed);
    }
}
