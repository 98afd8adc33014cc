package dev.twice.capture;

import java.time.Instant;
import java.util.List;

/**
 * One recorded request and what became of it. {@code status} is what the client got (the
 * upstream's status, or twice's own 502/504), null when no response was sent. {@code responseHeaders}
 * and {@code responseBody} are null when the upstream never answered. {@code error} names what
 * went wrong ({@code connect_refused}, {@code upstream_timeout}, {@code client_aborted}, ...).
 * {@code origin}: a client's request, or one twice sent to verify a finding.
 */
public record Exchange(
        long id,
        Instant startedAt,
        String method,
        String url,
        Integer status,
        long durationNanos,
        String error,
        List<Header> requestHeaders,
        CapturedBody requestBody,
        List<Header> responseHeaders,
        CapturedBody responseBody,
        Origin origin)
        implements Traffic {

    public Exchange {
        requestHeaders = List.copyOf(requestHeaders);
        responseHeaders = responseHeaders == null ? null : List.copyOf(responseHeaders);
    }

    /** A client's exchange. */
    public Exchange(
            long id,
            Instant startedAt,
            String method,
            String url,
            Integer status,
            long durationNanos,
            String error,
            List<Header> requestHeaders,
            CapturedBody requestBody,
            List<Header> responseHeaders,
            CapturedBody responseBody) {
        this(
                id,
                startedAt,
                method,
                url,
                status,
                durationNanos,
                error,
                requestHeaders,
                requestBody,
                responseHeaders,
                responseBody,
                Origin.CLIENT);
    }

    public boolean hasResponse() {
        return responseHeaders != null;
    }

    /** Bytes of body this record holds in memory; the recording queue budgets by it. */
    public long heldBodyBytes() {
        return requestBody.stored().length + (responseBody == null ? 0 : responseBody.stored().length);
    }

    /** The same exchange under the id the store gave it. */
    public Exchange withId(long newId) {
        return new Exchange(
                newId,
                startedAt,
                method,
                url,
                status,
                durationNanos,
                error,
                requestHeaders,
                requestBody,
                responseHeaders,
                responseBody,
                origin);
    }

    public Exchange withoutBodyBytes() {
        return new Exchange(
                id,
                startedAt,
                method,
                url,
                status,
                durationNanos,
                error,
                requestHeaders,
                requestBody.withoutBytes(),
                responseHeaders,
                responseBody == null ? null : responseBody.withoutBytes(),
                origin);
    }
}
