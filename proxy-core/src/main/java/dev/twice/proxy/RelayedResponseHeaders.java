package dev.twice.proxy;

import dev.twice.capture.Header;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.ArrayList;
import java.util.List;

/**
 * The response head the client gets: the upstream's end-to-end headers in order, minus hop-by-hop
 * ones (RFC 9110 §7.6.1, the same rule as for requests), framed by twice itself.
 */
final class RelayedResponseHeaders {

    private RelayedResponseHeaders() {}

    /**
     * Copies {@code upstream} into {@code exchange}'s response headers; returns every upstream
     * header as received when {@code record} is set (hop-by-hop ones too: the store keeps what the
     * upstream said), else null.
     */
    static List<Header> copy(
            org.apache.hc.core5.http.Header[] upstream, HttpServerExchange exchange, boolean hasBody, boolean record) {
        List<String> connection = new ArrayList<>();
        for (org.apache.hc.core5.http.Header h : upstream) {
            if (h.getName().equalsIgnoreCase("Connection")) {
                connection.add(h.getValue());
            }
        }
        HopByHopHeaders hop = HopByHopHeaders.of(connection);
        HeaderMap out = exchange.getResponseHeaders();
        List<Header> recorded = record ? new ArrayList<>(upstream.length) : null;
        for (org.apache.hc.core5.http.Header h : upstream) {
            if (recorded != null) {
                recorded.add(new Header(h.getName(), h.getValue()));
            }
            if (!hop.drops(h.getName())) {
                out.add(HttpString.tryFromString(h.getName()), h.getValue());
            }
        }
        if (hasBody && !out.contains(Headers.CONTENT_LENGTH) && exchange.isHttp11()) {
            // Chunked even when the connection closes afterwards: a close-delimited body would let a
            // client take an upstream failure mid-body for a complete response (RFC 9112 §8).
            out.put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
        }
        return recorded;
    }
}
