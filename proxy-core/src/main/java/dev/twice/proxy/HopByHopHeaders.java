package dev.twice.proxy;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which headers stop at this hop (RFC 9110 §7.6.1): the fixed list plus every name the message's
 * own {@code Connection} header lists. Pure; the same rule serves requests and responses.
 */
final class HopByHopHeaders {

    /** Case-insensitive without lower-casing each name: this runs for every header of every exchange. */
    private static final Set<String> ALWAYS = caseInsensitive(Set.of(
            "connection",
            "keep-alive",
            "proxy-connection",
            "te",
            "trailer",
            "transfer-encoding",
            "upgrade",
            "http2-settings"));

    private final Set<String> dropped;

    private HopByHopHeaders(Set<String> dropped) {
        this.dropped = dropped;
    }

    /** {@code connectionValues}: each value of the message's {@code Connection} header lines. */
    static HopByHopHeaders of(Iterable<String> connectionValues) {
        Set<String> names = null;
        for (String value : connectionValues) {
            for (String token : value.split(",")) {
                String t = token.trim();
                if (!t.isEmpty() && !ALWAYS.contains(t)) {
                    if (names == null) {
                        names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
                    }
                    names.add(t);
                }
            }
        }
        return new HopByHopHeaders(names == null ? Set.of() : names);
    }

    boolean drops(String headerName) {
        return ALWAYS.contains(headerName) || dropped.contains(headerName);
    }

    static Set<String> caseInsensitive(Set<String> names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        return Collections.unmodifiableSet(set);
    }
}
