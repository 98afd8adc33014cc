package dev.twice.proxy;

import java.util.Optional;

/**
 * The path and query the client asked for, byte for byte as it sent them (no decoding, no
 * normalising). An absolute-form target ({@code http://other.host/x}) keeps only its path: the
 * proxy forwards to its one upstream and never dials a host named by a client.
 */
final class RequestTarget {

    private RequestTarget() {}

    /** {@code rawUri}: the request-target without its query; {@code rawQuery}: the query or empty. */
    static String pathAndQuery(String rawUri, String rawQuery) {
        String path = rawUri;
        if (!path.startsWith("/")) {
            int scheme = path.indexOf("://");
            if (scheme > 0) {
                int slash = path.indexOf('/', scheme + 3);
                path = slash < 0 ? "/" : path.substring(slash);
            } else if (!path.equals("*")) {
                path = "/" + path;
            }
        }
        return rawQuery == null || rawQuery.isEmpty() ? path : path + "?" + rawQuery;
    }

    /**
     * The path and query a WebDAV {@code Destination} header (RFC 4918 §10.3) names, in the same
     * form as {@link #pathAndQuery}: a COPY or MOVE writes there too. Empty when it names none.
     */
    static Optional<String> destination(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        int fragment = value.indexOf('#');
        if (fragment >= 0) {
            value = value.substring(0, fragment);
        }
        int query = value.indexOf('?');
        String path = query < 0 ? value : value.substring(0, query);
        String rawQuery = query < 0 ? "" : value.substring(query + 1);
        if (!path.startsWith("/") && !path.contains("://")) {
            return Optional.empty();
        }
        return Optional.of(pathAndQuery(path, rawQuery));
    }
}
