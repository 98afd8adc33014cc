package dev.twice.capture;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Replaces secret header values before anything reaches the store; the forwarded traffic is untouched. */
public final class HeaderRedactor {

    public static final String REDACTED = "[redacted]";

    private final Set<String> lowerCaseNames;

    public HeaderRedactor(Set<String> names) {
        this.lowerCaseNames = names.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public List<Header> redact(List<Header> headers) {
        List<Header> out = new ArrayList<>(headers.size());
        for (Header h : headers) {
            out.add(lowerCaseNames.contains(h.name().toLowerCase(Locale.ROOT)) ? new Header(h.name(), REDACTED) : h);
        }
        return out;
    }
}
