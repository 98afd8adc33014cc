package dev.twice.capture;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Watches one body stream by: counts it, hashes all of it, keeps its first {@code limit} bytes.
 * Not thread-safe; one capture belongs to one exchange.
 */
public final class BodyCapture {

    private static final MessageDigest PROTOTYPE = newDigest();
    private static final int INITIAL = 8 * 1024;

    private final int limit;
    private final MessageDigest digest;
    private byte[] kept;
    private int keptLength;
    private long size;

    /** {@code expectedLength} is the Content-Length when known (else -1): it sizes the buffer once. */
    public BodyCapture(long limit, long expectedLength) {
        this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        long first = expectedLength >= 0 ? Math.min(expectedLength, this.limit) : Math.min(INITIAL, this.limit);
        this.kept = new byte[(int) first];
        this.digest = cloneDigest();
    }

    public void update(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        size += len;
        digest.update(b, off, len);
        int room = limit - keptLength;
        if (room > 0) {
            int n = Math.min(room, len);
            if (keptLength + n > kept.length) {
                kept = Arrays.copyOf(kept, (int) Math.min(limit, Math.max(kept.length * 2L, keptLength + (long) n)));
            }
            System.arraycopy(b, off, kept, keptLength, n);
            keptLength += n;
        }
    }

    /** Reads {@code bytes} from its position to its limit without moving either. */
    public void update(java.nio.ByteBuffer bytes) {
        if (bytes.hasArray()) {
            update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            update(copy, 0, copy.length);
        }
    }

    public long size() {
        return size;
    }

    public CapturedBody finish() {
        byte[] bytes = keptLength == kept.length ? kept : Arrays.copyOf(kept, keptLength);
        return new CapturedBody(size, bytes, digest.digest(), false);
    }

    private static MessageDigest cloneDigest() {
        try {
            return (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newDigest();
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
