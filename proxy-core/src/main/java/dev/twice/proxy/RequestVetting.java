package dev.twice.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The checks twice adds on top of Undertow's strict HTTP/1.1 parser before a request may go
 * upstream (docs/reliability.md A3, A4, B24, B26, B27, C31). Pure: a head in, a verdict out. Undertow
 * already answers 400 to malformed lines, duplicate or malformed {@code Content-Length},
 * {@code Content-Length} with {@code Transfer-Encoding}, and missing or repeated {@code Host}.
 */
final class RequestVetting {

    /** What the checks need of a request head; header lists hold every line's value, in order. */
    record Head(
            String method,
            String protocol,
            int targetLength,
            long contentLength,
            List<String> transferEncoding,
            List<String> upgrade,
            List<String> via) {}

    /** A refused request: its status, the {@code reason} label of the rejection counter, and a line for the client. */
    record Rejection(int status, String reason, String message) {}

    /** Transfer codings RFC 9110 registers; any other name is one twice does not know (501). */
    private static final Set<String> KNOWN_CODINGS =
            Set.of("chunked", "gzip", "x-gzip", "deflate", "compress", "x-compress");

    private final int maxTargetLength;
    private final String viaPseudonym;

    /** {@code viaPseudonym}: the name this instance puts in {@code Via}; seeing it come back is a loop. */
    RequestVetting(int maxTargetLength, String viaPseudonym) {
        this.maxTargetLength = maxTargetLength;
        this.viaPseudonym = viaPseudonym;
    }

    Optional<Rejection> check(Head head) {
        if (head.method().equals("CONNECT")) {
            return reject(501, "connect", "CONNECT is not supported: twice is a reverse proxy, not a tunnel");
        }
        if (head.targetLength() > maxTargetLength) {
            return reject(414, "target_too_long", "request target over " + maxTargetLength + " bytes");
        }
        if (head.method().equals("TRACE")
                && (head.contentLength() > 0 || !head.transferEncoding().isEmpty())) {
            // RFC 9110 §9.3.8: a client must not send content in a TRACE request.
            return reject(400, "trace_content", "a TRACE request may not carry content");
        }
        if (!head.transferEncoding().isEmpty()) {
            Optional<Rejection> te = checkTransferEncoding(head);
            if (te.isPresent()) {
                return te;
            }
        }
        for (String value : head.upgrade()) {
            for (String protocol : value.split(",")) {
                if (protocol.trim().toLowerCase(Locale.ROOT).startsWith("websocket")) {
                    return reject(501, "websocket", "WebSocket upgrades are not proxied");
                }
            }
        }
        for (String value : head.via()) {
            for (String hop : value.split(",")) {
                String[] parts = hop.trim().split("[ \t]+");
                if (parts.length >= 2 && parts[1].equals(viaPseudonym)) {
                    return reject(508, "loop", "request loop: this request already passed through this twice");
                }
            }
        }
        return Optional.empty();
    }

    /** RFC 9112 §6.1 and §6.3: accept exactly {@code chunked}; chunked not last is 400; unknown codings 501. */
    private static Optional<Rejection> checkTransferEncoding(Head head) {
        if (head.protocol().equals("HTTP/1.0")) {
            return reject(400, "transfer_encoding", "Transfer-Encoding on an HTTP/1.0 request");
        }
        List<String> codings = new ArrayList<>();
        for (String value : head.transferEncoding()) {
            for (String coding : value.split(",", -1)) {
                codings.add(coding.trim().toLowerCase(Locale.ROOT));
            }
        }
        if (codings.size() == 1 && codings.get(0).equals("chunked")) {
            return Optional.empty();
        }
        if (codings.contains("")) {
            return reject(400, "transfer_encoding", "empty element in Transfer-Encoding");
        }
        for (String coding : codings) {
            if (!KNOWN_CODINGS.contains(coding)) {
                return reject(501, "transfer_encoding", "unknown transfer coding: " + coding);
            }
        }
        boolean chunkedLastOnly =
                codings.get(codings.size() - 1).equals("chunked") && codings.indexOf("chunked") == codings.size() - 1;
        if (!chunkedLastOnly) {
            return reject(400, "transfer_encoding", "Transfer-Encoding must end with chunked, once");
        }
        return reject(501, "transfer_encoding", "transfer codings other than chunked are not supported");
    }

    private static Optional<Rejection> reject(int status, String reason, String message) {
        return Optional.of(new Rejection(status, reason, message));
    }
}
