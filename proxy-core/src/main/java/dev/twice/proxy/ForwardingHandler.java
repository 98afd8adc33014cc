package dev.twice.proxy;

import dev.twice.capture.ExchangeRecorder;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.HttpHost;

/**
 * Forwards every request to the one upstream. Each exchange runs on a worker thread with blocking
 * streams in both directions, so a body of any size passes through one fixed buffer.
 */
final class ForwardingHandler implements HttpHandler {

    private final CloseableHttpClient client;
    private final HttpHost target;
    private final String basePath;
    private final ExchangeRecorder recorder;
    private final long maxBody;
    private final RequestConfig plain;
    private final RequestConfig expectContinue;

    ForwardingHandler(TwiceConfig config, Upstream upstream, CloseableHttpClient client, ExchangeRecorder recorder) {
        this.client = client;
        this.target = new HttpHost(upstream.scheme(), upstream.host(), upstream.port());
        this.basePath = upstream.basePath();
        this.recorder = recorder;
        this.maxBody = config.maxBody().bytes();
        this.plain = UpstreamClient.requestConfig(config, false);
        this.expectContinue = UpstreamClient.requestConfig(config, true);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (exchange.isInIoThread()) {
            exchange.dispatch(this);
            return;
        }
        exchange.startBlocking();
        new ProxiedExchange(this, exchange).run();
    }

    CloseableHttpClient client() {
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

    RequestConfig requestConfig(boolean withExpectContinue) {
        return withExpectContinue ? expectContinue : plain;
    }
}
