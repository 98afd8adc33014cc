package dev.twice.store;

import java.util.Optional;

/**
 * The list filters of {@code GET /api/exchanges}. {@code statusFrom..statusTo} is one status
 * ({@code 200..200}) or a class ({@code 200..299}); {@code finding} a rule id (exchanges that are
 * part of such a finding); {@code instance} the name of the twice that recorded it; {@code before}
 * is the keyset cursor; {@code text} a search of URLs, headers and decoded bodies, whatever the
 * case (docs/dashboard.md, "Search").
 */
public record ExchangeFilter(
        Optional<String> method,
        Optional<String> urlContains,
        Optional<Integer> statusFrom,
        Optional<Integer> statusTo,
        Optional<String> finding,
        Optional<String> instance,
        Optional<Long> before,
        int limit,
        Optional<String> text) {

    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    public ExchangeFilter {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT);
        }
    }

    /** A filter without a search. */
    public ExchangeFilter(
            Optional<String> method,
            Optional<String> urlContains,
            Optional<Integer> statusFrom,
            Optional<Integer> statusTo,
            Optional<String> finding,
            Optional<String> instance,
            Optional<Long> before,
            int limit) {
        this(method, urlContains, statusFrom, statusTo, finding, instance, before, limit, Optional.empty());
    }

    /** The same filter from {@code cursor} on: the next page. */
    public ExchangeFilter before(long cursor) {
        return new ExchangeFilter(
                method, urlContains, statusFrom, statusTo, finding, instance, Optional.of(cursor), limit, text);
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
