package dev.twice.proxy;

import dev.twice.capture.BodyCapture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.ProtocolException;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.xnio.channels.StreamSinkChannel;

/**
 * Streams the upstream's response to the client. HttpClient's reactor thread receives the head and
 * the body chunks; Undertow's I/O thread writes them. At most about {@link ChunkQueue#LIMIT} bytes
 * wait between the two: the reactor is granted more input only as the client takes what it has,
 * so a client that reads slowly slows the upstream instead of filling memory.
 */
final class ResponseRelay implements AsyncResponseConsumer<Void> {

    private final RelayedExchange owner;
    private final ChunkQueue chunks = new ChunkQueue();
    private volatile boolean ended;
    private volatile FutureCallback<Void> done;
    private CapacityChannel wantsCapacity;
    private BodyCapture capture;
    private StreamSinkChannel sink;

    ResponseRelay(RelayedExchange owner) {
        this.owner = owner;
    }

    // ---- reactor thread: upstream side ----

    @Override
    public void consumeResponse(
            HttpResponse response, EntityDetails entity, HttpContext context, FutureCallback<Void> resultCallback)
            throws ProtocolException {
        Optional<String> problem = ResponseVetting.problem(response.getHeaders());
        if (problem.isPresent()) {
            // Failing here fails the exchange: its connection is closed, never reused, nothing relayed.
            throw new ProtocolException("upstream response refused: " + problem.get());
        }
        if (response.getCode() == 101) {
            throw new ProtocolException("upstream switched protocols on a request that asked for no upgrade");
        }
        done = resultCallback;
        capture = owner.newResponseCapture(entity == null ? 0 : entity.getContentLength());
        Header[] headers = response.getHeaders();
        int status = response.getCode();
        String reason = response.getReasonPhrase();
        boolean hasBody = entity != null;
        if (!hasBody) {
            ended = true;
        }
        owner.onIoThread(() -> owner.sendHead(status, reason, headers, hasBody));
        if (!hasBody) {
            resultCallback.completed(null);
        }
    }

    @Override
    public void informationResponse(HttpResponse response, HttpContext context) {
        // 1xx from the upstream: the client already had its 100 Continue from twice.
    }

    @Override
    public void consume(ByteBuffer src) {
        if (!src.hasRemaining()) {
            return;
        }
        if (capture != null) {
            capture.update(src);
        }
        chunks.add(src);
        owner.onIoThread(this::drain);
    }

    @Override
    public synchronized void updateCapacity(CapacityChannel capacityChannel) throws IOException {
        int room = ChunkQueue.LIMIT - chunks.waiting();
        if (room > 0) {
            wantsCapacity = null;
            capacityChannel.update(room);
        } else {
            wantsCapacity = capacityChannel;
        }
    }

    @Override
    public void streamEnd(List<? extends Header> trailers) {
        ended = true;
        owner.onIoThread(this::drain);
        FutureCallback<Void> cb = done;
        if (cb != null) {
            cb.completed(null);
        }
    }

    @Override
    public void failed(Exception cause) {
        owner.upstreamFailed(cause);
    }

    @Override
    public void releaseResources() {}

    // ---- I/O thread: client side ----

    /** Called once the head is sent: from now on {@link #drain} writes the body. */
    void startBody(StreamSinkChannel responseChannel) {
        sink = responseChannel;
        sink.getWriteSetter().set(ch -> drain());
        drain();
    }

    private void drain() {
        if (sink == null || owner.isFinished()) {
            return;
        }
        try {
            if (!chunks.writeTo(sink::write, this::released)) {
                sink.resumeWrites();
                owner.awaitingClient();
                return;
            }
        } catch (IOException e) {
            owner.clientGoneWhileSending();
            return;
        }
        sink.suspendWrites();
        if (ended && chunks.isEmpty()) {
            owner.responseComplete();
        }
    }

    /** Bytes are queued for a client that is not taking them. */
    boolean waitingForClient() {
        return sink != null && !chunks.isEmpty();
    }

    private void released(int bytes, int left) throws IOException {
        owner.clientProgress();
        if (left < ChunkQueue.LIMIT / 2) {
            CapacityChannel cc;
            synchronized (this) {
                cc = wantsCapacity;
                wantsCapacity = null;
            }
            if (cc != null) {
                cc.update(ChunkQueue.LIMIT - left);
            }
        }
    }
}
