package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.Origin;
import java.time.Instant;

/**
 * One row of the exchange list, without headers or bodies; {@code instance}: the twice that
 * recorded it; {@code origin}: a client's request or a verification's; {@code truncated}: a body
 * was cut or shed.
 */
public record ExchangeSummary(
        long id,
        String instance,
        Origin origin,
        Instant startedAt,
        String method,
        String url,
        Integer status,
        long durationMicros,
        long requestSize,
        long responseSize,
        String error,
        boolean truncated) {

    /** The summary of an exchange {@code instance} has just recorded, as the list will show it. */
    public static ExchangeSummary of(Exchange e, String instance) {
        return new ExchangeSummary(
                e.id(),
                instance,
                e.origin(),
                e.startedAt(),
                e.method(),
                e.url(),
                e.status(),
                e.durationNanos() / 1000,
                e.requestBody().size(),
                e.hasResponse() ? e.responseBody().size() : 0,
                e.error(),
                e.requestBody().truncated()
                        || (e.hasResponse() && e.responseBody().truncated()));
    }
}
