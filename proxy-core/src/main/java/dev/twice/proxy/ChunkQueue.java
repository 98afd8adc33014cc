package dev.twice.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Body bytes on their way from one event loop to the other: one thread adds chunks, the other
 * writes them out. Counts what waits, so each side can apply backpressure at {@link #LIMIT}.
 */
final class ChunkQueue {

    /** Bytes that may wait per direction per exchange. */
    static final int LIMIT = 64 * 1024;

    /** A non-blocking write: takes what it can of {@code chunk}, advancing its position. */
    interface Sink {
        void write(ByteBuffer chunk) throws IOException;
    }

    /** Told how many bytes left the queue, and how many still wait. */
    interface Released {
        void released(int bytes, int stillWaiting) throws IOException;
    }

    private final ConcurrentLinkedQueue<ByteBuffer> chunks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private ByteBuffer current;

    /** Producer side: queues a copy of {@code bytes} from its position to its limit. */
    void add(ByteBuffer bytes) {
        int n = bytes.remaining();
        ByteBuffer chunk = ByteBuffer.allocate(n);
        chunk.put(bytes).flip();
        chunks.add(chunk);
        waiting.addAndGet(n);
    }

    /** Bytes queued and not yet written, including a partly written chunk. */
    int waiting() {
        return waiting.get();
    }

    /**
     * Consumer side: writes chunks until the queue is empty (true) or the sink takes no more
     * (false: call again when it is writable).
     */
    boolean writeTo(Sink sink, Released released) throws IOException {
        while (true) {
            if (current == null) {
                current = chunks.poll();
                if (current == null) {
                    return true;
                }
            }
            sink.write(current);
            if (current.hasRemaining()) {
                return false;
            }
            int bytes = current.limit();
            current = null;
            released.released(bytes, waiting.addAndGet(-bytes));
        }
    }

    boolean isEmpty() {
        return current == null && chunks.isEmpty();
    }

    void clear() {
        chunks.clear();
    }
}
