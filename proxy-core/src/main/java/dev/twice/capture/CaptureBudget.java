package dev.twice.capture;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory all in-flight captures may hold together. Each exchange keeps up to --max-body bytes
 * of each body while it streams; a thousand concurrent uploads would hold a thousand times that.
 * Past the budget a capture keeps what it has and stops storing (the body is recorded as
 * truncated, still counted and hashed whole), so recording can never run the heap out.
 */
public final class CaptureBudget {

    private final long limit;
    private final AtomicLong reserved = new AtomicLong();

    public CaptureBudget(long limit) {
        this.limit = limit;
    }

    /** For this JVM: a quarter of the most the heap may grow to. */
    public static CaptureBudget quarterOfHeap() {
        return new CaptureBudget(Runtime.getRuntime().maxMemory() / 4);
    }

    /** Grants all of {@code bytes} or nothing. */
    boolean reserve(long bytes) {
        while (true) {
            long now = reserved.get();
            if (now + bytes > limit) {
                return false;
            }
            if (reserved.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    long reserved() {
        return reserved.get();
    }
}
