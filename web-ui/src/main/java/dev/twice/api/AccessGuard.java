package dev.twice.api;

import dev.twice.config.TwiceConfig;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.Cookie;
import io.undertow.server.handlers.CookieImpl;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Deque;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Requires the dashboard token when one is configured: as {@code Authorization: Bearer}, as the
 * session cookie, or once in the URL ({@code ?token=}), which is exchanged for an HttpOnly
 * SameSite=Strict cookie and a redirect to the same page without it. The cookie holds a value
 * derived from the token (an HMAC), never the token itself, and the proxy strips it from forwarded
 * requests. {@code /healthz} stays open for health checks (docs/security.md, "The token").
 */
final class AccessGuard implements HttpHandler {

    static final String COOKIE = TwiceConfig.DASHBOARD_COOKIE;

    private final byte[] token;
    private final byte[] session;
    private final HttpHandler next;

    AccessGuard(String token, HttpHandler next) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.session = sessionValue(token).getBytes(StandardCharsets.UTF_8);
        this.next = next;
    }

    /** The cookie's value: HMAC-SHA256 of a fixed label under the token, so the cookie never carries the token. */
    static String sessionValue(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal("twice dashboard session".getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (exchange.getRequestPath().equals("/healthz")) {
            next.handleRequest(exchange);
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (auth != null
                && auth.regionMatches(true, 0, "Bearer ", 0, 7)
                && matches(token, auth.substring(7).trim())) {
            next.handleRequest(exchange);
            return;
        }
        Cookie cookie = exchange.getRequestCookie(COOKIE);
        if (cookie != null && matches(session, cookie.getValue())) {
            next.handleRequest(exchange);
            return;
        }
        Deque<String> query = exchange.getQueryParameters().get("token");
        if (query != null && !query.isEmpty() && matches(token, query.getFirst())) {
            exchange.setResponseCookie(new CookieImpl(COOKIE, new String(session, StandardCharsets.UTF_8))
                    .setHttpOnly(true)
                    .setSameSiteMode("Strict")
                    .setPath("/"));
            exchange.setStatusCode(303);
            exchange.getResponseHeaders().put(Headers.LOCATION, samePage(exchange.getRequestURI()));
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        JsonResponses.error(exchange, 401, "token required");
    }

    /**
     * Where to go after the cookie is set: this page's path, never another site. A path such as
     * {@code //evil.example/} would be read by the browser as a host (an open redirect).
     */
    static String samePage(String path) {
        if (path == null
                || !path.startsWith("/")
                || path.startsWith("//")
                || path.startsWith("/\\")
                || path.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) { // the raw target: ASCII only
            return "/";
        }
        return path;
    }

    /** Constant-time, so response timing tells nothing about how much of a guess was right. */
    private static boolean matches(byte[] expected, String candidate) {
        return MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8));
    }
}
