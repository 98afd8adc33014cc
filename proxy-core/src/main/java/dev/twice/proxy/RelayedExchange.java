package dev.twice.proxy;

import dev.twice.capture.BodyCapture;
import dev.twice.capture.Header;
import dev.twice.capture.Origin;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.xnio.IoUtils;

/**
 * One request on its way through, relayed without blocking a thread: Undertow's I/O thread owns
 * the client side and the {@link HttpServerExchange}; HttpClient's reactor thread owns the
 * upstream side; they hand work to each other through {@link #onIoThread} and the bounded chunk
 * queues of {@link RequestBodyProducer} and {@link ResponseRelay}. Recorded exactly once, when the
 * exchange ends however it ends.
 */
final class RelayedExchange {

    private final ForwardingHandler handler;
    private final HttpServerExchange exchange;
    private final Instant startedAt = Instant.now();
    private final long startNanos = System.nanoTime();
    private final String method;
    private final String url;
    private final ExchangeCaptures captures;
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean upstreamFailed = new AtomicBoolean();
    private final ResponseRelay relay = new ResponseRelay(this);
    private RequestBodyProducer body;
    private volatile Future<Void> upstream;
    private List<Header> responseHeaders;
    private Integer status;
    private String error;
    private boolean headSent;
    /** Refused for a malformed body: counted as a rejection, never recorded. */
    private boolean rejected;

    private final ClientStallWatch stall;
    private final Origin origin;

    RelayedExchange(ForwardingHandler handler, HttpServerExchange exchange, Origin origin) {
        this.handler = handler;
        this.origin = origin;
        this.exchange = exchange;
        this.method = exchange.getRequestMethod().toString();
        this.url = RequestTarget.pathAndQuery(exchange.getRequestURI(), exchange.getQueryString());
        this.captures = new ExchangeCaptures(
                handler.recorder().records(method, origin), handler.maxBody(), handler.captureBudget());
        this.stall = new ClientStallWatch(
                exchange.getIoThread(),
                handler.bodyTimeoutNanos(),
                () -> (body != null && body.waitingForClient()) || relay.waitingForClient(),
                this::clientStalled);
    }

    /** On the I/O thread, after the handler returned (the exchange is dispatched, so it stays open). */
    void start() {
        HeaderMap in = exchange.getRequestHeaders();
        // OPTIONS * stays asterisk-form unless a base path gives the upstream a path to answer for.
        String target =
                url.equals("*") ? (handler.basePath().isEmpty() ? "*" : handler.basePath()) : handler.basePath() + url;
        BasicHttpRequest request = new BasicHttpRequest(method, handler.target(), target);
        ForwardedHeaders.copy(in, request, exchange, handler.via());
        long length = exchange.getRequestContentLength();
        // A TRACE's "Content-Length: 0" is no content: HttpClient refuses a TRACE with an entity
        // (RFC 9110 §9.3.8), and vetting has already refused one with real content.
        boolean hasBody =
                (length >= 0 && !(length == 0 && method.equals("TRACE"))) || in.contains(Headers.TRANSFER_ENCODING);
        BodyCapture requestCapture = captures.startRequest(length);
        ClientConnectionWatch.watch(exchange, this);
        if (hasBody) {
            body = new RequestBodyProducer(this, exchange.getRequestChannel(), length, requestCapture);
            if (finished.get()) {
                return; // the first read already failed: the body was malformed or the client left
            }
        }
        HttpClientContext context = HttpClientContext.create();
        if (!in.contains(Headers.USER_AGENT)) {
            context.setAttribute(UpstreamClient.NO_USER_AGENT, Boolean.TRUE);
        }
        upstream = handler.client()
                .execute(new BasicRequestProducer(request, body), relay, context, new FutureCallback<>() {
                    @Override
                    public void completed(Void result) {}

                    @Override
                    public void failed(Exception cause) {
                        upstreamFailed(cause);
                    }

                    @Override
                    public void cancelled() {}
                });
    }

    void onIoThread(Runnable task) {
        try {
            exchange.getIoThread().execute(task);
        } catch (RejectedExecutionException stopping) {
            // The server is shutting down and its I/O thread is gone; the client connection goes with it.
        }
    }

    boolean isFinished() {
        return finished.get();
    }

    /**
     * Reactor thread. The exchange may already be finished (client gone, timed out) when the
     * response head arrives: then the capture is refused here, so its budget is never held by
     * a capture nobody will finish.
     */
    BodyCapture newResponseCapture(long contentLength) {
        return captures.startResponse(contentLength);
    }

    /** I/O thread: the upstream's status line and headers arrived. */
    void sendHead(int code, String reason, org.apache.hc.core5.http.Header[] headers, boolean hasBody) {
        if (finished.get()) {
            return;
        }
        status = code;
        headSent = true;
        handler.observer().upstreamAnswered(System.nanoTime() - startNanos);
        exchange.setStatusCode(code);
        if (reason != null && !reason.isEmpty()) {
            exchange.setReasonPhrase(reason);
        }
        responseHeaders = RelayedResponseHeaders.copy(headers, exchange, hasBody, captures.recording());
        if (!hasBody) {
            responseComplete();
            return;
        }
        relay.startBody(exchange.getResponseChannel());
    }

    /** I/O thread: every byte of the response was handed to the client. */
    void responseComplete() {
        if (finished.get()) {
            return;
        }
        exchange.endExchange();
        finish();
    }

    /** Any thread: the upstream exchange failed (refused, reset, timed out, truncated). */
    void upstreamFailed(Exception cause) {
        if (!upstreamFailed.compareAndSet(false, true)) {
            return;
        }
        onIoThread(() -> {
            if (finished.get()) {
                return;
            }
            if (headSent) {
                // The head is already on its way: the client must see a broken message, not a short 200.
                error = cause instanceof SocketTimeoutException ? "upstream_timeout" : "upstream_truncated";
                IoUtils.safeClose(exchange.getConnection());
                finish();
                return;
            }
            UpstreamFailure failure = UpstreamFailure.classify(cause);
            if (body != null && !body.finished()) {
                body.discardRest(() -> sendFailure(failure));
            } else {
                sendFailure(failure);
            }
        });
    }

    private void sendFailure(UpstreamFailure failure) {
        if (finished.get()) {
            return;
        }
        status = failure.status();
        error = failure.error();
        handler.observer().upstreamFailed(error);
        exchange.setStatusCode(failure.status());
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender()
                .send(ByteBuffer.wrap(("twice: " + failure.message() + "\n").getBytes(StandardCharsets.UTF_8)));
        finish();
    }

    /** I/O thread: reading the request body failed: the client went away mid-upload. */
    void clientBodyFailed() {
        abandon();
    }

    /**
     * I/O thread: the request body broke its chunked framing. The upstream request is cancelled, so
     * its connection is discarded and the upstream never holds a complete request; the client gets
     * 400 unless the upstream's response head is already on its way.
     */
    void clientBodyMalformed(String problem) {
        if (finished.get()) {
            return;
        }
        rejected = true;
        if (headSent) {
            handler.observer().rejected("chunked_body"); // reject() counts it when it answers
        }
        endWithOwnAnswer(400, "chunked_body", "malformed chunked body: " + problem);
    }

    /** I/O thread: writing the response failed: the client went away. */
    void clientGoneWhileSending() {
        abandon();
    }

    void clientClosed() {
        if (!finished.get()) {
            abandon();
        }
    }

    /** The client is gone: stop the upstream exchange (its connection is discarded, never reused). */
    private void abandon() {
        if (finished.get()) {
            return;
        }
        error = "client_aborted";
        if (!headSent) {
            status = null;
        }
        Future<Void> f = upstream;
        if (f != null) {
            f.cancel(true);
        }
        IoUtils.safeClose(exchange.getConnection());
        finish();
    }

    // ---- slow clients (docs/reliability.md D37, D38) ----

    /** I/O thread: the client sent or took bytes. */
    void clientProgress() {
        stall.progress();
    }

    /** I/O thread: the exchange now waits on the client (its body, or its taking the response). */
    void awaitingClient() {
        stall.awaiting();
    }

    /** I/O thread: the client moved no byte for the body timeout while the exchange waited on it. */
    private void clientStalled() {
        if (finished.get()) {
            return;
        }
        error = "client_timeout";
        endWithOwnAnswer(408, "client_timeout", "the request body stalled for longer than the body timeout");
    }

    /**
     * The client broke the exchange: the upstream request is cancelled (its connection discarded);
     * the client gets twice's own {@code status} and a closed connection, or only the closed
     * connection once the upstream's head is on its way.
     */
    private void endWithOwnAnswer(int answer, String reason, String message) {
        Future<Void> f = upstream;
        if (f != null) {
            f.cancel(true);
        }
        if (headSent) {
            IoUtils.safeClose(exchange.getConnection());
        } else {
            status = answer;
            handler.reject(exchange, answer, reason, message);
        }
        finish();
    }

    /** Records the exchange, once, on the I/O thread. */
    private void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        ClientConnectionWatch.release(exchange, this);
        stall.stop();
        handler.observer().completed(method, status, System.nanoTime() - startNanos);
        captures.finish(
                handler.recorder(),
                rejected,
                new ExchangeCaptures.Ending(
                        startedAt, method, url, status, System.nanoTime() - startNanos, error, origin),
                exchange.getRequestHeaders(),
                responseHeaders);
    }
}
