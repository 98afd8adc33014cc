package dev.twice.api;

import dev.twice.config.HostPort;
import dev.twice.engine.RecordingProxy;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.BlockingHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.HttpString;

import java.net.InetSocketAddress;
import java.util.Optional;

/** The dashboard listener: page, JSON API and health, on its own port, never on the proxy's. */
public final class DashboardServer implements AutoCloseable {

    private final Undertow undertow;

    private DashboardServer(Undertow undertow) {
        this.undertow = undertow;
    }

    /** {@code metrics} renders the Prometheus text exposition of the instance's registry. */
    public static DashboardServer start(HostPort address, Optional<String> token, RecordingProxy engine,
                                        java.util.function.Supplier<String> metrics) {
        ResourceHandler ui = Handlers.resource(new ClassPathResourceManager(DashboardServer.class.getClassLoader(), "ui"))
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false);
        HttpHandler routes = ApiRoutes.table(new ExchangeApi(engine, metrics), new EventStream(engine).handler(), ui);
        HttpHandler guarded = token.<HttpHandler>map(t -> new AccessGuard(t, routes)).orElse(routes);
        Undertow undertow = Undertow.builder()
                .addHttpListener(address.port(), address.host())
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setHandler(securityHeaders(new HostGuard(address.host(), guarded)))
                .build();
        undertow.start();
        return new DashboardServer(undertow);
    }

    /** The page renders recorded, attacker-controlled data: no inline script, no framing, no sniffing. */
    private static HttpHandler securityHeaders(HttpHandler next) {
        return exchange -> {
            var h = exchange.getResponseHeaders();
            h.put(HttpString.tryFromString("Content-Security-Policy"),
                    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
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
    }
}
