package dev.twice.api;

import dev.twice.analysis.Difference;
import dev.twice.analysis.ResponseComparison;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.StoredExchange;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/diff?a=ID&b=ID}: any two exchanges compared (docs/dashboard.md, "Comparing two
 * exchanges") — the responses as the analysis compares them (status, Location, JSON paths, text
 * lines, the same ignored fields and withheld secrets), and what differs in the requests: method,
 * URL, each header by name, and the body by its hash.
 */
final class DiffApi {

    private final ExchangeQueries queries;
    private final ResponseComparison comparison;

    DiffApi(ExchangeQueries queries, ResponseComparison comparison) {
        this.queries = queries;
        this.comparison = comparison;
    }

    void diff(HttpServerExchange exchange) {
        Optional<StoredExchange> a = exchangeOf(exchange, "a");
        Optional<StoredExchange> b = exchangeOf(exchange, "b");
        if (a.isEmpty() || b.isEmpty()) {
            JsonResponses.error(exchange, 404, "no such exchange");
            return;
        }
        Exchange x = a.get().exchange();
        Exchange y = b.get().exchange();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("a", x.id());
        body.put("b", y.id());
        body.put("request", requestDifferences(x, y));
        body.put(
                "response",
                x.hasResponse() && y.hasResponse() ? comparison.between(x, y) : List.of(responseMissing(x, y)));
        JsonResponses.send(exchange, 200, body);
    }

    private Optional<StoredExchange> exchangeOf(HttpServerExchange exchange, String name) {
        String value = ExchangeFilterParser.value(exchange.getQueryParameters(), name)
                .orElseThrow(() -> new BadParameterException(name, "give two exchange ids: a= and b="));
        return queries.find(ExchangeFilterParser.positive(name, value, Long.MAX_VALUE));
    }

    private static Difference responseMissing(Exchange x, Exchange y) {
        return new Difference(
                "response",
                x.hasResponse() ? "status " + x.status() : "none (" + x.error() + ")",
                y.hasResponse() ? "status " + y.status() : "none (" + y.error() + ")");
    }

    /** Method, URL, each header by name (all its values, in order), and the body by its hash. */
    static List<Difference> requestDifferences(Exchange x, Exchange y) {
        List<Difference> out = new ArrayList<>();
        if (!x.method().equals(y.method())) {
            out.add(new Difference("method", x.method(), y.method()));
        }
        if (!x.url().equals(y.url())) {
            out.add(new Difference("url", x.url(), y.url()));
        }
        Map<String, String> hx = byName(x.requestHeaders());
        Map<String, String> hy = byName(y.requestHeaders());
        Map<String, String> names = new LinkedHashMap<>();
        x.requestHeaders().forEach(h -> names.putIfAbsent(h.name().toLowerCase(Locale.ROOT), h.name()));
        y.requestHeaders().forEach(h -> names.putIfAbsent(h.name().toLowerCase(Locale.ROOT), h.name()));
        names.forEach((key, name) -> {
            String vx = hx.get(key);
            String vy = hy.get(key);
            if (vx == null ? vy != null : !vx.equals(vy)) {
                out.add(new Difference(name, vx, vy));
            }
        });
        if (!Arrays.equals(x.requestBody().sha256(), y.requestBody().sha256())) {
            out.add(new Difference(
                    "body", x.requestBody().size() + " bytes", y.requestBody().size() + " bytes (different content)"));
        }
        return out;
    }

    private static Map<String, String> byName(List<Header> headers) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Header h : headers) {
            out.merge(h.name().toLowerCase(Locale.ROOT), h.value(), (p, n) -> p + ", " + n);
        }
        return out;
    }
}
