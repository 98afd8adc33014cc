package dev.twice.capture;

import java.util.List;
import java.util.Optional;

/**
 * Reads an {@code Idempotency-Key} value: the draft defines it as a structured-field string
 * ({@code "abc"}), most clients send it bare ({@code abc}); both name the same key.
 */
public final class IdempotencyKey {

    private IdempotencyKey() {}

    /** The key of a request, if its headers carry one. */
    public static Optional<String> of(List<Header> requestHeaders) {
        return Header.first(requestHeaders, "Idempotency-Key").flatMap(IdempotencyKey::parse);
    }

    public static Optional<String> parse(String value) {
        String v = value.trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            StringBuilder out = new StringBuilder(v.length());
            for (int i = 1; i < v.length() - 1; i++) {
                char c = v.charAt(i);
                if (c == '\\' && i + 1 < v.length() - 1) {
                    c = v.charAt(++i);
                }
                out.append(c);
            }
            v = out.toString();
        }
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
