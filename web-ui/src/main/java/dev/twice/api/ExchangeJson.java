package dev.twice.api;

import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.StoredExchange;
import java.util.List;

/** The JSON shapes of docs/interface.md for exchanges: the list summary and the full detail. */
final class ExchangeJson {

    private ExchangeJson() {}

    /** docs/interface.md's Summary, plus {@code truncated} (a body was cut at --max-body or shed): an extension. */
    record Summary(
            long id,
            String instance,
            String origin,
            String startedAt,
            String method,
            String url,
            Integer status,
            double durationMs,
            long requestSize,
            long responseSize,
            String error,
            List<String> findings,
            boolean truncated) {}

    record Message(List<List<String>> headers, BodyJson body) {}

    record Detail(
            long id,
            String instance,
            String origin,
            String startedAt,
            String method,
            String url,
            Integer status,
            double durationMs,
            long requestSize,
            long responseSize,
            String error,
            List<String> findings,
            Message request,
            Message response) {}

    record Page(List<Summary> items, Long next) {}

    static Summary summary(ExchangeSummary s, List<String> findings) {
        return new Summary(
                s.id(),
                s.instance(),
                s.origin().json(),
                JsonTime.of(s.startedAt()),
                s.method(),
                s.url(),
                s.status(),
                millis(s.durationMicros()),
                s.requestSize(),
                s.responseSize(),
                s.error(),
                findings,
                s.truncated());
    }

    static Detail detail(StoredExchange stored, List<String> findings) {
        Exchange e = stored.exchange();
        Message request = new Message(headers(e.requestHeaders()), BodyJson.of(e.requestBody(), e.requestHeaders()));
        Message response = e.hasResponse()
                ? new Message(headers(e.responseHeaders()), BodyJson.of(e.responseBody(), e.responseHeaders()))
                : null;
        return new Detail(
                e.id(),
                stored.instance(),
                e.origin().json(),
                JsonTime.of(e.startedAt()),
                e.method(),
                e.url(),
                e.status(),
                millis(e.durationNanos() / 1000),
                e.requestBody().size(),
                e.hasResponse() ? e.responseBody().size() : 0,
                e.error(),
                findings,
                request,
                response);
    }

    private static List<List<String>> headers(List<Header> headers) {
        return headers.stream().map(h -> List.of(h.name(), h.value())).toList();
    }

    /** Milliseconds with microsecond precision, as a JSON number. */
    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
