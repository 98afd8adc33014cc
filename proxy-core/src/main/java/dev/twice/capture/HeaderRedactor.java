package dev.twice.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Replaces secret header values before anything reaches the store; the forwarded traffic is untouched. */
public final class HeaderRedactor {

    public static final String REDACTED = "[redacted]";

    /** Case-insensitive lookup without lower-casing every header name of every exchange. */
    private final Set<String> names;

    public HeaderRedactor(Set<String> names) {
        Set<String> set = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(names);
        this.names = java.util.Collections.unmodifiableSet(set);
    }

    public List<Header> redact(List<Header> headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(names.contains(h.name()) ? new Header(h.name(), REDACTED) : h);
        }
        return out;
    }
}
