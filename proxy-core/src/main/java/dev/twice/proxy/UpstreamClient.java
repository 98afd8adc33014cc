package dev.twice.proxy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManager;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.config.CharCodingConfig;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.HttpVersionPolicy;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HttpClient 5 async client that talks to the upstream, on one reactor thread (on two cores,
 * one Undertow I/O thread plus one reactor thread beat larger counts). Every library default that
 * would change the traffic is switched off explicitly: no retries (HttpClient would resend a PUT
 * on 503), no redirects, no decompression, no cookies, no User-Agent of its own; the pool is as
 * large as the proxy's concurrency and every wait has a timeout. HTTP/1.1 only.
 */
final class UpstreamClient {

    static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(5);
    /** Context attribute: the client sent no User-Agent, so none may reach the upstream. */
    static final String NO_USER_AGENT = "twice.no-user-agent";

    private UpstreamClient() {}

    static CloseableHttpAsyncClient create(ProxySettings config) {
        Timeout response = Timeout.of(config.upstreamTimeout());
        PoolingAsyncClientConnectionManager pool = PoolingAsyncClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnections())
                // LAX: the pool is sized above the proxy's concurrency, so its global lock buys nothing.
                .setPoolConcurrencyPolicy(PoolConcurrencyPolicy.LAX)
                .setDefaultTlsConfig(TlsConfig.custom()
                        .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                        .build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        .setSocketTimeout(response)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        AtomicInteger threads = new AtomicInteger();
        CloseableHttpAsyncClient client = HttpAsyncClients.custom()
                .setConnectionManager(pool)
                .setVersionPolicy(HttpVersionPolicy.FORCE_HTTP_1)
                .setHttp1Config(Http1Config.custom()
                        .setMaxLineLength(8192)
                        .setMaxHeaderCount(100)
                        .build())
                // Header bytes pass as they came: Undertow reads them as ISO-8859-1, and without a
                // charset HttpCore would write obs-text bytes 0x80-0x9F as '?'.
                .setCharCodingConfig(CharCodingConfig.custom()
                        .setCharset(StandardCharsets.ISO_8859_1)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom()
                        .setIoThreadCount(1)
                        .setSoTimeout(response)
                        .setTcpNoDelay(true)
                        .build())
                .setThreadFactory(r -> {
                    Thread t = new Thread(r, "twice-upstream-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                })
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .addRequestInterceptorFirst(ClientConformanceBypass.BEFORE)
                .addRequestInterceptorLast(ClientConformanceBypass.AFTER)
                .addRequestInterceptorLast((request, entity, context) -> {
                    if (context.getAttribute(NO_USER_AGENT) != null) {
                        request.removeHeaders(HttpHeaders.USER_AGENT);
                    }
                })
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setRedirectsEnabled(false)
                        .setContentCompressionEnabled(false)
                        .setAuthenticationEnabled(false)
                        .setProtocolUpgradeEnabled(false)
                        .setExpectContinueEnabled(false)
                        .setConnectionRequestTimeout(LEASE_TIMEOUT)
                        .setResponseTimeout(response)
                        .build())
                .build();
        client.start();
        return client;
    }
}
