package dev.twice.proxy;

import dev.twice.config.TwiceConfig;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HttpClient 5 instance that talks to the upstream. Every library default that would change
 * the traffic is switched off explicitly: no retries (HttpClient would resend a PUT on 503),
 * no redirects, no decompression, no cookies, no User-Agent of its own; the pool is as large as
 * the proxy's concurrency and every wait has a timeout.
 */
final class UpstreamClient {

    static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(5);

    private UpstreamClient() {
    }

    static CloseableHttpClient create(TwiceConfig config) {
        Timeout connect = Timeout.of(config.connectTimeout());
        Timeout response = Timeout.of(config.upstreamTimeout());
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(config.maxConnections())
                .setMaxConnPerRoute(config.maxConnections())
                .setConnectionFactory(ManagedHttpClientConnectionFactory.builder()
                        .http1Config(Http1Config.custom().setMaxLineLength(8192).setMaxHeaderCount(100).build())
                        .build())
                .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).setSoTimeout(response).build())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(connect)
                        .setSocketTimeout(response)
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .build();
        return HttpClients.custom()
                .setConnectionManager(pool)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableDefaultUserAgent()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(requestConfig(config, false))
                .build();
    }

    static RequestConfig requestConfig(TwiceConfig config, boolean expectContinue) {
        return RequestConfig.custom()
                .setRedirectsEnabled(false)
                .setContentCompressionEnabled(false)
                .setAuthenticationEnabled(false)
                .setProtocolUpgradeEnabled(false)
                .setExpectContinueEnabled(expectContinue)
                .setConnectionRequestTimeout(LEASE_TIMEOUT)
                .setResponseTimeout(Timeout.of(config.upstreamTimeout()))
                .build();
    }
}
