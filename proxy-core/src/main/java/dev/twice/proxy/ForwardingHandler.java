package dev.twice.proxy;

import dev.twice.capture.ExchangeRecorder;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
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

    ForwardingHandler(TwiceConfig config, Upstream upstream, CloseableHttpAsyncClient client, ExchangeRecorder recorder,
                      TrafficObserver observer) {
        this.observer = observer;
        this.client = client;
        this.target = new HttpHost(upstream.scheme(), upstream.host(), upstream.port());
        this.basePath = upstream.basePath();
        this.recorder = recorder;
        this.maxBody = config.maxBody().bytes();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        RelayedExchange relayed = new RelayedExchange(this, exchange);
        // Dispatching to the same thread keeps the exchange open after this method returns.
        exchange.dispatch(SameThreadExecutor.INSTANCE, relayed::start);
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
