package dev.twice.capture;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * Watches one body stream by: counts it, hashes all of it, keeps its first {@code limit} bytes.
 * Not thread-safe; one capture belongs to one exchange.
 */
public final class BodyCapture {

    private static final MessageDigest PROTOTYPE = newDigest();
    private static final byte[] NONE = new byte[0];

    private final int limit;
    private final MessageDigest digest;
    private final CaptureBudget budget;
    private byte[] kept;
    private int keptLength;
    private long size;
    /** Bytes of {@link #budget} this capture holds; given back by {@link #finish} or {@link #discard}. */
    private long reserved;
    /**
     * The budget ran out, or the capture was finished or discarded: keep what is kept, store no
     * more. Volatile: the exchange may be finished on one thread while the other still feeds it.
     */
    private volatile boolean starved;

    /**
     * {@code expectedLength} is the Content-Length when known (else -1): it sizes the buffer once.
     * Unknown, the buffer is sized by the first chunk, the whole of most small bodies: a fixed 8 KiB
     * start (then a copy to size at the end) was a third of all the proxy allocated at saturation.
     */
    public BodyCapture(long limit, long expectedLength, CaptureBudget budget) {
        this.limit = (int) Math.min(limit, Integer.MAX_VALUE - 16);
        this.budget = budget;
        long first = expectedLength >= 0 ? Math.min(expectedLength, this.limit) : 0;
        if (budget.reserve(first)) {
            reserved = first;
        } else {
            first = 0;
            starved = true;
        }
        this.kept = first == 0 ? NONE : new byte[(int) first];
        this.digest = cloneDigest();
    }

    public void update(byte[] b, int off, int len) {
        if (len <= 0) {
            return;
        }
        size += len;
        digest.update(b, off, len);
        int room = limit - keptLength;
        if (room > 0 && !starved) {
            int n = Math.min(room, len);
            if (keptLength + n > kept.length && !grow(keptLength + n)) {
                n = kept.length - keptLength;
            }
            System.arraycopy(b, off, kept, keptLength, n);
            keptLength += n;
        }
    }

    /** Reads {@code bytes} from its position to its limit without moving either. */
    public void update(ByteBuffer bytes) {
        if (bytes.hasArray()) {
            update(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        } else {
            byte[] copy = new byte[bytes.remaining()];
            bytes.duplicate().get(copy);
            update(copy, 0, copy.length);
        }
    }

    private boolean grow(int needed) {
        int next = (int) Math.min(limit, Math.max(kept.length * 2L, needed));
        long more = next - kept.length;
        if (!budget.reserve(more)) {
            starved = true;
            return false;
        }
        reserved += more;
        kept = Arrays.copyOf(kept, next);
        return true;
    }

    public long size() {
        return size;
    }

    /** The body as captured; its bytes now belong to the record (the recording queue budgets them). */
    public CapturedBody finish() {
        discard();
        byte[] bytes = keptLength == kept.length ? kept : Arrays.copyOf(kept, keptLength);
        return new CapturedBody(size, bytes, digest.digest(), false);
    }

    /** Gives the capture's share of the budget back, for a capture that will never be finished. */
    public void discard() {
        starved = true;
        budget.release(reserved);
        reserved = 0;
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
