package dev.twice.proxy;

/**
 * The path and query the client asked for, byte for byte as it sent them (no decoding, no
 * normalising). An absolute-form target ({@code http://other.host/x}) keeps only its path: the
 * proxy forwards to its one upstream and never dials a host named by a client.
 */
final class RequestTarget {

    private RequestTarget() {
    }

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
}
