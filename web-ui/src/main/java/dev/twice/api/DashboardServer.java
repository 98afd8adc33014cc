package dev.twice.api;

import dev.twice.config.HostPort;
import dev.twice.engine.RecordingProxy;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.xnio.Options;

/** The dashboard listener: page, JSON API and health, on its own port, never on the proxy's. */
public final class DashboardServer implements AutoCloseable {

    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(10);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);
    static final int MAX_CONNECTIONS = 256;
    static final long MAX_REQUEST_BODY = 64 * 1024;

    private final Undertow undertow;
    private final EventStream events;

    private DashboardServer(Undertow undertow, EventStream events) {
        this.undertow = undertow;
        this.events = events;
    }

    /** {@code metrics} renders the Prometheus text exposition of the instance's registry. */
    public static DashboardServer start(
            HostPort address, Optional<String> token, RecordingProxy engine, Supplier<String> metrics) {
        ResourceHandler ui = Handlers.resource(
                        new ClassPathResourceManager(DashboardServer.class.getClassLoader(), "ui"))
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
        EventStream events = new EventStream(engine);
        HttpHandler routes = ApiRoutes.table(
                new ExchangeApi(engine, metrics),
                new VerificationApi(engine.verifier()),
                new ReproduceApi(engine),
                new MuteApi(engine.findings()),
                new AttemptsApi(engine.queries(), engine.findings()),
                new ClearApi(engine, events::cleared),
                new DiffApi(engine.queries(), engine.comparison()),
                events.handler(),
                ui);
        HttpHandler guarded =
                token.<HttpHandler>map(t -> new AccessGuard(t, routes)).orElse(routes);
        // The dashboard shares the proxy's process and file descriptors: a client that sends half a
        // request, or stops reading, is cut like one of the proxy's (docs/security.md, "The dashboard's bounds").
        Undertow undertow = Undertow.builder()
                .addHttpListener(address.port(), address.host())
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) HEADER_TIMEOUT.toMillis())
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) IDLE_TIMEOUT.toMillis())
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, MAX_REQUEST_BODY)
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, 64 * 1024)
                .setSocketOption(Options.WRITE_TIMEOUT, (int) WRITE_TIMEOUT.toMillis())
                .setSocketOption(Options.CONNECTION_HIGH_WATER, MAX_CONNECTIONS)
                .setSocketOption(Options.CONNECTION_LOW_WATER, MAX_CONNECTIONS)
                .setHandler(securityHeaders(new HostGuard(address.host(), guarded)))
                .build();
        undertow.start();
        return new DashboardServer(undertow, events);
    }

    /** The page renders recorded, attacker-controlled data: no inline script, no framing, no sniffing. */
    private static HttpHandler securityHeaders(HttpHandler next) {
        return exchange -> {
            var h = exchange.getResponseHeaders();
            h.put(
                    HttpString.tryFromString("Content-Security-Policy"),
                    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                            + "frame-ancestors 'none'");
            h.put(HttpString.tryFromString("X-Content-Type-Options"), "nosniff");
            h.put(HttpString.tryFromString("X-Frame-Options"), "DENY");
            h.put(HttpString.tryFromString("Referrer-Policy"), "no-referrer");
            next.handleRequest(exchange);
        };
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) undertow.getListenerInfo().get(0).getAddress();
    }

    @Override
    public void close() {
        undertow.stop();
        events.close();
    }
}
