package dev.twice.store;

import java.time.Instant;

/** One row of the exchange list, without headers or bodies; {@code truncated}: a body was cut or shed. */
public record ExchangeSummary(
        long id,
        Instant startedAt,
        String method,
        String url,
        Integer status,
        long durationMicros,
        long requestSize,
        long responseSize,
        String error,
        boolean truncated) {}
