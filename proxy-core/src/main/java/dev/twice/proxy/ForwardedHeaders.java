package dev.twice.proxy;

import dev.twice.config.TwiceConfig;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import org.apache.hc.core5.http.message.BasicHttpRequest;

/**
 * The request headers the upstream receives: the client's end-to-end headers in order, minus
 * hop-by-hop ones (RFC 9110 §7.6.1) and those the upstream client frames itself, plus
 * {@code X-Forwarded-For/-Proto/-Host}, {@code Forwarded} and {@code Via}, which a client cannot
 * delete or forge away.
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {}

    /** {@code via}: this instance's own {@code Via} entry, appended to any the request carries. */
    static void copy(HeaderMap in, BasicHttpRequest request, HttpServerExchange exchange, String via) {
        HeaderValues connection = in.get(Headers.CONNECTION);
        HopByHopHeaders hop = HopByHopHeaders.of(connection == null ? List.of() : connection);
        for (HeaderValues values : in) {
            String name = values.getHeaderName().toString();
            if (hop.drops(name) || isRecomputed(values.getHeaderName())) {
                continue;
            }
            boolean cookie = values.getHeaderName().equals(Headers.COOKIE);
            for (String v : values) {
                String value = cookie ? withoutDashboardCookie(v) : v;
                if (!value.isEmpty()) {
                    request.addHeader(name, value);
                }
            }
        }
        InetSocketAddress peer = exchange.getSourceAddress();
        String peerAddress = peer == null || peer.getAddress() == null
                ? "unknown"
                : peer.getAddress().getHostAddress();
        String priorFor = in.getFirst(Headers.X_FORWARDED_FOR);
        request.setHeader("X-Forwarded-For", priorFor == null ? peerAddress : priorFor + ", " + peerAddress);
        request.setHeader("X-Forwarded-Proto", exchange.getRequestScheme());
        String host = in.getFirst(Headers.HOST);
        if (host != null) {
            request.setHeader("X-Forwarded-Host", host);
        }
        // RFC 7239: the client's own Forwarded elements are kept (untrusted, but on record), ours appended.
        String ours = "for=" + node(peer) + ";proto=" + exchange.getRequestScheme()
                + (host == null ? "" : ";host=\"" + host.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        String priorForwarded = in.getFirst(Headers.FORWARDED);
        request.setHeader("Forwarded", priorForwarded == null ? ours : priorForwarded + ", " + ours);
        String priorVia = in.getFirst(Headers.VIA);
        request.setHeader("Via", priorVia == null ? via : priorVia + ", " + via);
    }

    /**
     * A {@code Cookie} header without twice's own dashboard cookie: browsers send cookies to every
     * port of a host, so the dashboard's cookie would otherwise travel through the proxy to the
     * upstream application (docs/security.md, "The token").
     */
    static String withoutDashboardCookie(String cookieHeader) {
        if (!cookieHeader.contains(TwiceConfig.DASHBOARD_COOKIE)) {
            return cookieHeader;
        }
        StringBuilder kept = new StringBuilder();
        for (String pair : cookieHeader.split(";")) {
            String trimmed = pair.trim();
            int eq = trimmed.indexOf('=');
            String name = eq < 0 ? trimmed : trimmed.substring(0, eq).trim();
            if (name.equals(TwiceConfig.DASHBOARD_COOKIE) || trimmed.isEmpty()) {
                continue;
            }
            if (kept.length() > 0) {
                kept.append("; ");
            }
            kept.append(trimmed);
        }
        return kept.toString();
    }

    /**
     * A Forwarded node (RFC 7239 §6): address and port, quoted; an IPv6 address in brackets.
     * {@code unknown} when the peer is not an IP socket.
     */
    static String node(InetSocketAddress peer) {
        if (peer == null || peer.getAddress() == null) {
            return "unknown";
        }
        String address = peer.getAddress().getHostAddress();
        int zone = address.indexOf('%');
        if (zone >= 0) {
            address = address.substring(0, zone);
        }
        String host = peer.getAddress() instanceof Inet6Address ? "[" + address + "]" : address;
        return "\"" + host + ":" + peer.getPort() + "\"";
    }

    /** Headers written by twice or its upstream client: the upstream's Host, the framing, Expect, forwarding. */
    private static boolean isRecomputed(HttpString name) {
        return name.equals(Headers.HOST)
                || name.equals(Headers.CONTENT_LENGTH)
                || name.equals(Headers.EXPECT)
                || name.equals(Headers.X_FORWARDED_FOR)
                || name.equals(Headers.X_FORWARDED_PROTO)
                || name.equals(Headers.X_FORWARDED_HOST)
                || name.equals(Headers.VIA)
                || name.equals(Headers.FORWARDED);
    }
}
