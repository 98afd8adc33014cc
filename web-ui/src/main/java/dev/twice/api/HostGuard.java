package dev.twice.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses requests whose Host is not a name of this dashboard (DNS rebinding: a page on
 * attacker.example whose name now resolves to 127.0.0.1 must not read the API). A dashboard on
 * a loopback address answers only to loopback names; one on a specific address to that address
 * and loopback names; one on a wildcard address to any name, the token then being the guard.
 */
final class HostGuard implements HttpHandler {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

    private final String boundHost;
    private final boolean anyHost;
    private final HttpHandler next;

    HostGuard(String boundHost, HttpHandler next) {
        this.boundHost = boundHost.toLowerCase(Locale.ROOT);
        this.anyHost = boundHost.equals("0.0.0.0") || boundHost.equals("::") || boundHost.equals("[::]");
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String host = exchange.getRequestHeaders().getFirst(Headers.HOST);
        if (anyHost || (host != null && allowed(hostName(host)))) {
            next.handleRequest(exchange);
            return;
        }
        JsonResponses.error(exchange, 403, "Host not allowed for this dashboard");
    }

    private boolean allowed(String name) {
        return LOOPBACK.contains(name) || name.equals(boundHost) || ("[" + boundHost + "]").equals(name);
    }

    /** The Host header without its port, lower-cased; IPv6 literals keep their brackets. */
    static String hostName(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? h : h.substring(0, end + 1);
        }
        int colon = h.lastIndexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }
}
