package dev.twice.testing;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real Undertow upstream on an ephemeral loopback port; the handler runs on a worker thread with blocking I/O. */
public final class TestUpstream implements AutoCloseable {

    public interface Handler {
        void handle(HttpServerExchange exchange, byte[] body) throws Exception;
    }

    /** What the upstream saw of one request. */
    public record Seen(String method, String uri, String query, HeaderMap headers, byte[] body) {}

    public final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Undertow server;

    /** An upstream that reads each whole request body, remembers it, then lets {@code handler} answer. */
    public TestUpstream(Handler handler) {
        this((HttpHandler) null, handler);
    }

    /** An upstream whose {@code raw} handler does its own reading, for bodies too large to hold. */
    public static TestUpstream streaming(HttpHandler raw) {
        return new TestUpstream(raw, null);
    }

    private TestUpstream(HttpHandler raw, Handler handler) {
        HttpHandler serve = raw != null ? raw : exchange -> serve(exchange, handler);
        HttpHandler h = exchange -> {
            if (exchange.isInIoThread()) {
                exchange.dispatch(serve);
                return;
            }
            exchange.startBlocking();
            serve.handleRequest(exchange);
        };
        server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setServerOption(UndertowOptions.ENABLE_STATISTICS, true)
                .setWorkerThreads(64)
                .setHandler(h)
                .build();
        server.start();
    }

    private void serve(HttpServerExchange exchange, Handler handler) throws Exception {
        if (!exchange.isBlocking()) {
            exchange.startBlocking();
        }
        byte[] body = exchange.getInputStream().readAllBytes();
        seen.add(new Seen(
                exchange.getRequestMethod().toString(),
                exchange.getRequestURI(),
                exchange.getQueryString(),
                exchange.getRequestHeaders(),
                body));
        handler.handle(exchange, body);
        exchange.endExchange();
    }

    /** Bytes the listener has read from all connections so far: 0 means no request ever reached it. */
    public long bytesReceived() {
        return server.getListenerInfo().get(0).getConnectorStatistics().getBytesReceived();
    }

    public String url() {
        InetSocketAddress a =
                (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
        return "http://127.0.0.1:" + a.getPort();
    }

    @Override
    public void close() {
        server.stop();
    }
}
