package dev.twice.api;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Deque;

/**
 * Requires the dashboard token when one is configured: as {@code Authorization: Bearer}, as the
 * cookie, or once in the URL ({@code ?token=}), which is exchanged for an HttpOnly SameSite=Strict
 * cookie and a redirect to the same page without it. {@code /healthz} stays open for health checks.
 */
final class AccessGuard implements HttpHandler {

    static final String COOKIE = "twice_token";

    private final byte[] token;
    private final HttpHandler next;

    AccessGuard(String token, HttpHandler next) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.next = next;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestPath().equals("/healthz")) {
            next.handleRequest(exchange);
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) && matches(auth.substring(7).trim())) {
            next.handleRequest(exchange);
            return;
        }
        Cookie cookie = exchange.getRequestCookie(COOKIE);
        if (cookie != null && matches(cookie.getValue())) {
            next.handleRequest(exchange);
            return;
        }
        Deque<String> query = exchange.getQueryParameters().get("token");
        if (query != null && !query.isEmpty() && matches(query.getFirst())) {
            exchange.setResponseCookie(new CookieImpl(COOKIE, query.getFirst()).setHttpOnly(true)
                    .setSameSiteMode("Strict").setPath("/"));
            exchange.setStatusCode(303);
            exchange.getResponseHeaders().put(Headers.LOCATION, exchange.getRequestPath());
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        JsonResponses.error(exchange, 401, "token required");
    }

    /** Constant-time, so response timing tells nothing about how much of a guess was right. */
    private boolean matches(String candidate) {
        return MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
