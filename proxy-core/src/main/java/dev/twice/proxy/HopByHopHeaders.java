package dev.twice.proxy;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which headers stop at this hop (RFC 9110 §7.6.1): the fixed list plus every name the message's
 * own {@code Connection} header lists. Pure; the same rule serves requests and responses.
 */
final class HopByHopHeaders {

    private static final Set<String> ALWAYS = Set.of(
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "http2-settings");

    private final Set<String> dropped;

    private HopByHopHeaders(Set<String> dropped) {
        this.dropped = dropped;
    }

    /** {@code connectionValues}: each value of the message's {@code Connection} header lines. */
    static HopByHopHeaders of(Iterable<String> connectionValues) {
        Set<String> names = null;
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty() && !ALWAYS.contains(t)) {
                    if (names == null) {
                        names = new HashSet<>();
                    }
                    names.add(t);
                }
            }
        }
        return new HopByHopHeaders(names == null ? Set.of() : names);
    }

    boolean drops(String headerName) {
        String lower = headerName.toLowerCase(Locale.ROOT);
        return ALWAYS.contains(lower) || dropped.contains(lower);
    }
}
