package dev.twice.capture;

import java.util.List;
import java.util.Optional;

/** One header line as it was on the wire; lists of these keep order and duplicates (RFC 9110 §5.3). */
public record Header(String name, String value) {

    /** The value of the first header named {@code name} (case-insensitive), if any. */
    public static Optional<String> first(List<Header> headers, String name) {
        if (headers != null) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return Optional.of(h.value());
                }
            }
        }
        return Optional.empty();
    }
}
