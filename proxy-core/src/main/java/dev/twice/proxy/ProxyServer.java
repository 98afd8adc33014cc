package dev.twice.proxy;

import dev.twice.capture.ExchangeRecorder;
import dev.twice.config.ProxyLimits;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import io.undertow.server.handlers.HttpContinueReadHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.core5.io.CloseMode;
import org.xnio.Options;

/**
 * The proxy listener: every path on it is forwarded, none is reserved. Undertow's defaults that
 * would reject or alter proxied traffic are set explicitly here (entity size, header limits, Date).
 */
public final class ProxyServer implements AutoCloseable {

    /** Exchanges are relayed on the I/O thread; workers only serve Undertow's own rare blocking tasks. */
    static final int WORKERS = 4;
    /**
     * One I/O thread plus HttpClient's one reactor thread: a sidecar gets a core or less, and on two
     * cores more threads only added switching. Fixed, not a setting: nothing in the proxy reads the
     * environment or system properties; what it needs comes in {@link ProxySettings}.
     */
    static final int IO_THREADS = 1;

    private final Undertow undertow;
    private final GracefulShutdownHandler graceful;
    private final CloseableHttpAsyncClient client;

    private ProxyServer(Undertow undertow, GracefulShutdownHandler graceful, CloseableHttpAsyncClient client) {
        this.undertow = undertow;
        this.graceful = graceful;
        this.client = client;
    }

    /** {@code overloaded}: read per request; while true, new requests get 503 (the JVM is short of memory). */
    public static ProxyServer start(
            ProxySettings config, ExchangeRecorder recorder, TrafficObserver observer, BooleanSupplier overloaded) {
        CloseableHttpAsyncClient client = UpstreamClient.create(config);
        ProxyLimits limits = config.limits();
        ForwardingHandler forwarding = new ForwardingHandler(config, client, recorder, observer, overloaded);
        GracefulShutdownHandler graceful = new GracefulShutdownHandler(new HttpContinueReadHandler(forwarding));
        Undertow undertow = Undertow.builder()
                .addHttpListener(config.listen().port(), config.listen().host())
                .setIoThreads(IO_THREADS)
                .setWorkerThreads(WORKERS)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, Long.MAX_VALUE)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, (int)
                        limits.maxHeaderSize().bytes())
                .setServerOption(UndertowOptions.MAX_HEADERS, limits.maxHeaders())
                .setServerOption(UndertowOptions.ALWAYS_SET_DATE, false)
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int)
                        limits.idleTimeout().toMillis())
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int)
                        limits.headerTimeout().toMillis())
                .setSocketOption(Options.TCP_NODELAY, true)
                // Past the limit the listener stops accepting; new connections wait in the backlog.
                .setSocketOption(Options.CONNECTION_HIGH_WATER, limits.maxClientConnections())
                .setSocketOption(Options.CONNECTION_LOW_WATER, limits.maxClientConnections())
                .setHandler(graceful)
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            client.close(
                    CloseMode.GRACEFUL); // IMMEDIATE races the reactor thread, which then logs a SEVERE stack trace
            throw e;
        }
        return new ProxyServer(undertow, graceful, client);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    /** Stops accepting, lets in-flight exchanges finish within {@code deadline}, then closes everything. */
    public void shutdown(Duration deadline) {
        graceful.shutdown();
        try {
            graceful.awaitShutdown(deadline.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The upstream client first: its reactor hands work to Undertow's I/O threads, which must still run.
        client.close(CloseMode.GRACEFUL);
        undertow.stop();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
