package dev.twice.store;

import java.util.Optional;

/**
 * The list filters of {@code GET /api/exchanges}. {@code statusFrom..statusTo} is one status
 * ({@code 200..200}) or a class ({@code 200..299}); {@code finding} a rule id (exchanges that are
 * part of such a finding); {@code instance} the name of the twice that recorded it; {@code before}
 * is the keyset cursor.
 */
public record ExchangeFilter(
        Optional<String> method,
        Optional<String> urlContains,
        Optional<Integer> statusFrom,
        Optional<Integer> statusTo,
        Optional<String> finding,
        Optional<String> instance,
        Optional<Long> before,
        int limit) {

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    public ExchangeFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
    }

    public static ExchangeFilter all(int limit) {
        return new ExchangeFilter(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                limit);
    }
}
