package dev.twice.proxy;

import dev.twice.capture.CaptureBudget;
import dev.twice.capture.ExchangeRecorder;
import dev.twice.config.Upstream;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.SameThreadExecutor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.http.HttpHost;

/**
 * Forwards every request to the one upstream, on the I/O thread that read it: no worker thread,
 * no blocking. Each exchange is a {@link RelayedExchange}.
 */
final class ForwardingHandler implements HttpHandler {

    private final CloseableHttpAsyncClient client;
    private final HttpHost target;
    private final String basePath;
    private final ExchangeRecorder recorder;
    private final long maxBody;
    private final TrafficObserver observer;
    private final RequestVetting vetting;
    private final String via;
    private final long bodyTimeoutNanos;
    private final BooleanSupplier overloaded;
    private final CaptureBudget captureBudget;
    private final VerificationMark mark;

    ForwardingHandler(
            ProxySettings config,
            CloseableHttpAsyncClient client,
            ExchangeRecorder recorder,
            TrafficObserver observer,
            BooleanSupplier overloaded) {
        this.overloaded = overloaded;
        this.observer = observer;
        this.client = client;
        Upstream upstream = config.upstream();
        this.target = new HttpHost(upstream.scheme(), upstream.host(), upstream.port());
        this.basePath = upstream.basePath();
        this.captureBudget = config.captureBudget();
        this.mark = config.verificationMark();
        this.recorder = recorder;
        this.maxBody = config.maxBody();
        this.bodyTimeoutNanos = config.limits().bodyTimeout().toNanos();
        String pseudonym = ViaPseudonym.create();
        this.via = "1.1 " + pseudonym;
        this.vetting = new RequestVetting((int) config.limits().maxTarget().bytes(), pseudonym);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (overloaded.getAsBoolean()) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
            refuse(exchange, 503, "memory", "twice is short of memory; try again shortly");
            return;
        }
        HeaderMap headers = exchange.getRequestHeaders();
        String query = exchange.getQueryString();
        int targetLength = exchange.getRequestURI().length() + (query.isEmpty() ? 0 : query.length() + 1);
        Optional<RequestVetting.Rejection> rejection = vetting.check(new RequestVetting.Head(
                exchange.getRequestMethod().toString(),
                exchange.getProtocol().toString(),
                targetLength,
                exchange.getRequestContentLength(),
                values(headers, Headers.TRANSFER_ENCODING),
                values(headers, Headers.UPGRADE),
                values(headers, Headers.VIA)));
        if (rejection.isPresent()) {
            refuse(
                    exchange,
                    rejection.get().status(),
                    rejection.get().reason(),
                    rejection.get().message());
            return;
        }
        if (headers.contains(Headers.TRANSFER_ENCODING)) {
            StrictChunkedSource.install(exchange);
        }
        RelayedExchange relayed = new RelayedExchange(this, exchange, mark.take(headers));
        // Dispatching to the same thread keeps the exchange open after this method returns.
        exchange.dispatch(SameThreadExecutor.INSTANCE, relayed::start);
    }

    /** Refuses a request on its head alone: answered, counted as a request and as a rejection. */
    private void refuse(HttpServerExchange exchange, int status, String reason, String message) {
        reject(exchange, status, reason, message);
        observer.completed(exchange.getRequestMethod().toString(), status, 0);
    }

    /** Answers {@code status} itself and closes the connection; nothing goes upstream. */
    void reject(HttpServerExchange exchange, int status, String reason, String message) {
        observer.rejected(reason);
        exchange.setPersistent(false);
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender()
                .send(ByteBuffer.wrap(("twice: " + message + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> values(HeaderMap headers, HttpString name) {
        HeaderValues v = headers.get(name);
        return v == null ? List.of() : v;
    }

    CaptureBudget captureBudget() {
        return captureBudget;
    }

    long bodyTimeoutNanos() {
        return bodyTimeoutNanos;
    }

    String via() {
        return via;
    }

    CloseableHttpAsyncClient client() {
        return client;
    }

    HttpHost target() {
        return target;
    }

    String basePath() {
        return basePath;
    }

    ExchangeRecorder recorder() {
        return recorder;
    }

    long maxBody() {
        return maxBody;
    }

    TrafficObserver observer() {
        return observer;
    }
}
