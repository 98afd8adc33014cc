package dev.twice.proxy;

import dev.twice.capture.BodyCapture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * Streams the client's request body to the upstream. Undertow's I/O thread reads the client and
 * queues chunks; HttpClient's reactor thread writes them upstream. At most {@link ChunkQueue#LIMIT}
 * bytes wait between the two: past that, reads from the client pause until the upstream catches up.
 * The capture sees every byte on the I/O thread, in order.
 */
final class RequestBodyProducer implements AsyncEntityProducer {

    private static final int READ_SIZE = 16 * 1024;
    /** Reads land here and are copied out at their exact size; each I/O thread has its own. */
    private static final ThreadLocal<ByteBuffer> READ_BUFFER =
            ThreadLocal.withInitial(() -> ByteBuffer.allocate(READ_SIZE));

    private final RelayedExchange owner;
    private final StreamSourceChannel source;
    private final long length;
    private final BodyCapture capture;
    private final ChunkQueue chunks = new ChunkQueue();
    private final AtomicBoolean pausedReads = new AtomicBoolean();
    private volatile DataStreamChannel channel;
    private volatile boolean eof;
    private volatile boolean discarding;
    private volatile Runnable onDrained;
    private long received;
    private boolean ended;

    /** Called on the I/O thread; reading starts at once. */
    RequestBodyProducer(RelayedExchange owner, StreamSourceChannel source, long length, BodyCapture capture) {
        this.owner = owner;
        this.source = source;
        this.length = length;
        this.capture = capture;
        if (length == 0) {
            eof = true;
            return;
        }
        source.getReadSetter().set(ch -> onReadable());
        source.resumeReads();
        // A first read now, not on readiness: a client that sent Expect: 100-continue sends nothing
        // until the 100 that Undertow writes on the first read.
        onReadable();
    }

    // ---- I/O thread: client side ----

    private void onReadable() {
        ByteBuffer readBuffer = READ_BUFFER.get();
        while (discarding || chunks.waiting() < ChunkQueue.LIMIT) {
            readBuffer.clear();
            int n;
            try {
                n = source.read(readBuffer);
            } catch (MalformedBodyException e) {
                source.suspendReads();
                owner.clientBodyMalformed(e.getMessage());
                return;
            } catch (IOException e) {
                source.suspendReads();
                owner.clientBodyFailed();
                return;
            }
            if (n == 0) {
                owner.awaitingClient();
                return;
            }
            if (n < 0) {
                source.suspendReads();
                eof = true;
                if (discarding) {
                    onDrained.run();
                } else {
                    wakeUpstreamWriter();
                }
                return;
            }
            owner.clientProgress();
            readBuffer.flip();
            if (capture != null) {
                capture.update(readBuffer);
            }
            received += n;
            // With a Content-Length the body is complete at its last byte. Waiting for the read
            // that returns -1 could wait forever: once the upstream has answered, the exchange
            // ends and that read never comes, and the upstream request (and its pooled
            // connection) would never be completed.
            boolean complete = length >= 0 && received >= length;
            if (!discarding) {
                chunks.add(readBuffer);
                if (complete) {
                    eof = true;
                }
                wakeUpstreamWriter();
            } else if (complete) {
                eof = true;
            }
            if (complete) {
                source.suspendReads();
                if (discarding) {
                    onDrained.run();
                }
                return;
            }
        }
        source.suspendReads();
        pausedReads.set(true);
        // The writer may have emptied the queue between the loop test and the flag: re-check.
        if (chunks.waiting() < ChunkQueue.LIMIT / 2 && pausedReads.compareAndSet(true, false)) {
            source.wakeupReads();
        }
    }

    private void wakeUpstreamWriter() {
        DataStreamChannel ch = channel;
        if (ch != null) {
            ch.requestOutput();
        }
    }

    /**
     * The upstream failed before taking the whole body: read the rest of it (into the capture only)
     * so the recorded request is whole, then run {@code then} on the I/O thread.
     */
    void discardRest(Runnable then) {
        onDrained = then;
        discarding = true;
        chunks.clear();
        if (eof) {
            then.run();
            return;
        }
        pausedReads.set(false);
        source.resumeReads();
        onReadable();
    }

    boolean finished() {
        return eof;
    }

    /** The body is still arriving and nothing but the client holds it up (not paused for the upstream). */
    boolean waitingForClient() {
        return !eof && !pausedReads.get();
    }

    // ---- reactor thread: upstream side ----

    @Override
    public void produce(DataStreamChannel ch) throws IOException {
        channel = ch;
        boolean drained = chunks.writeTo(ch::write, (bytes, stillWaiting) -> {
            if (stillWaiting < ChunkQueue.LIMIT / 2 && pausedReads.compareAndSet(true, false)) {
                // wakeupReads, not resumeReads: the rest of the body (or its end) may already sit in
                // Undertow's buffer, and then no socket readiness would ever call the listener.
                owner.onIoThread(source::wakeupReads);
            }
        });
        if (drained && eof && chunks.isEmpty() && !ended) {
            ended = true;
            ch.endStream();
        }
    }

    @Override
    public int available() {
        int b = chunks.waiting();
        return b > 0 ? b : (eof && !ended ? 1 : 0);
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public String getContentType() {
        return null;
    }

    @Override
    public String getContentEncoding() {
        return null;
    }

    @Override
    public boolean isChunked() {
        return length < 0;
    }

    @Override
    public Set<String> getTrailerNames() {
        return Set.of();
    }

    @Override
    public boolean isRepeatable() {
        return false;
    }

    @Override
    public void failed(Exception cause) {
        // The response side sees the same failure and decides what the client gets.
    }

    @Override
    public void releaseResources() {
        chunks.clear();
    }
}
