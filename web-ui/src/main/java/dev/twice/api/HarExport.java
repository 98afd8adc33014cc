package dev.twice.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.store.ExchangeFilter;
import dev.twice.store.ExchangePage;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.StoredExchange;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/export.har}: the exchanges matching the list filters as HAR 1.2, newest first,
 * written while they are read — a page of summaries at a time, one exchange in memory at a time —
 * so a large export does not load the store into memory.
 */
final class HarExport {

    private static final int PAGE = 200;
    static final int DEFAULT_ENTRIES = 10_000;
    static final int MAX_ENTRIES = 100_000;

    private HarExport() {}

    /**
     * At most {@code limit} entries; when more match, {@code log.comment} says where to continue
     * ({@code before=}). Each page is its own short read, so an export that a slow client holds
     * open never pins the db's WAL.
     */
    static void write(HttpServerExchange exchange, ExchangeFilter filter, int limit, ExchangeQueries queries)
            throws IOException {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"twice.har\"");
        exchange.startBlocking();
        OutputStream out = exchange.getOutputStream();
        try (JsonGenerator json = JsonResponses.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeObjectFieldStart("log");
            json.writeStringField("version", "1.2");
            json.writeObjectFieldStart("creator");
            json.writeStringField("name", "twice");
            json.writeStringField("version", "0.1.0");
            json.writeEndObject();
            json.writeArrayFieldStart("entries");
            Optional<Long> more = entries(json, filter, limit, queries);
            json.writeEndArray();
            if (more.isPresent()) {
                json.writeStringField(
                        "comment",
                        "limited to " + limit + " entries; more match: continue with before=" + more.get()
                                + " (or ask for up to " + MAX_ENTRIES + " with limit=)");
            }
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    /** @return the id to continue before when the limit stopped the export with more to come */
    private static Optional<Long> entries(JsonGenerator json, ExchangeFilter filter, int limit, ExchangeQueries queries)
            throws IOException {
        int left = limit;
        Optional<Long> before = filter.before();
        long lastWritten = -1;
        while (left > 0) {
            ExchangePage page = queries.list(new ExchangeFilter(
                    filter.method(),
                    filter.urlContains(),
                    filter.statusFrom(),
                    filter.statusTo(),
                    filter.finding(),
                    filter.instance(),
                    before,
                    Math.min(PAGE, left),
                    filter.text()));
            for (ExchangeSummary s : page.items()) {
                Optional<StoredExchange> e = queries.find(s.id());
                if (e.isPresent() && left > 0) {
                    entry(json, e.get().exchange());
                    lastWritten = s.id();
                    left--;
                }
            }
            json.flush();
            if (page.next() == null) {
                return Optional.empty();
            }
            before = Optional.of(page.next());
        }
        return lastWritten < 0 ? Optional.empty() : Optional.of(lastWritten);
    }

    private static void entry(JsonGenerator json, Exchange e) throws IOException {
        json.writeStartObject();
        json.writeStringField("startedDateTime", e.startedAt().toString());
        double millis = e.durationNanos() / 1_000_000.0;
        json.writeNumberField("time", millis);
        json.writeObjectFieldStart("request");
        json.writeStringField("method", e.method());
        json.writeStringField(
                "url", "http://" + Header.first(e.requestHeaders(), "Host").orElse("localhost") + e.url());
        json.writeStringField("httpVersion", "HTTP/1.1");
        json.writeArrayFieldStart("cookies");
        json.writeEndArray();
        headers(json, e.requestHeaders());
        json.writeArrayFieldStart("queryString");
        for (String[] pair : query(e.url())) {
            json.writeStartObject();
            json.writeStringField("name", pair[0]);
            json.writeStringField("value", pair[1]);
            json.writeEndObject();
        }
        json.writeEndArray();
        BodyJson requestBody = BodyJson.of(e.requestBody(), e.requestHeaders());
        if (e.requestBody().size() > 0) {
            json.writeObjectFieldStart("postData");
            json.writeStringField(
                    "mimeType", Optional.ofNullable(requestBody.contentType()).orElse(""));
            if (requestBody.text() != null) {
                json.writeStringField("text", requestBody.text());
            } else {
                // HAR 1.2 defines no encoding for postData (only for response content): importers
                // would read base64 as the body. The bytes go in a custom field, and say so.
                json.writeStringField("text", "");
                json.writeStringField("_base64", requestBody.base64());
                json.writeStringField("comment", "binary request body: its bytes, base64, are in _base64");
            }
            json.writeEndObject();
        }
        json.writeNumberField("headersSize", -1);
        json.writeNumberField("bodySize", e.requestBody().size());
        json.writeEndObject();

        json.writeObjectFieldStart("response");
        json.writeNumberField("status", e.status() == null ? 0 : e.status());
        json.writeStringField("statusText", e.status() == null ? "" : StatusCodes.getReason(e.status()));
        json.writeStringField("httpVersion", "HTTP/1.1");
        json.writeArrayFieldStart("cookies");
        json.writeEndArray();
        headers(json, e.hasResponse() ? e.responseHeaders() : List.of());
        json.writeObjectFieldStart("content");
        if (e.hasResponse()) {
            BodyJson body = BodyJson.of(e.responseBody(), e.responseHeaders());
            json.writeNumberField("size", e.responseBody().size());
            json.writeStringField(
                    "mimeType", Optional.ofNullable(body.contentType()).orElse(""));
            json.writeStringField("text", body.text() != null ? body.text() : body.base64());
            if (body.text() == null) {
                json.writeStringField("encoding", "base64");
            }
        } else {
            json.writeNumberField("size", 0);
            json.writeStringField("mimeType", "");
        }
        json.writeEndObject();
        json.writeStringField(
                "redirectURL",
                Header.first(e.hasResponse() ? e.responseHeaders() : List.of(), "Location")
                        .orElse(""));
        json.writeNumberField("headersSize", -1);
        json.writeNumberField("bodySize", e.hasResponse() ? e.responseBody().size() : 0);
        json.writeEndObject();

        json.writeObjectFieldStart("cache");
        json.writeEndObject();
        // Only the whole exchange is timed: blocked, dns, connect and ssl are "not known" (-1).
        json.writeObjectFieldStart("timings");
        json.writeNumberField("blocked", -1);
        json.writeNumberField("dns", -1);
        json.writeNumberField("connect", -1);
        json.writeNumberField("ssl", -1);
        json.writeNumberField("send", 0);
        json.writeNumberField("wait", millis);
        json.writeNumberField("receive", 0);
        json.writeEndObject();
        json.writeNumberField("_twiceId", e.id());
        if (e.error() != null) {
            json.writeStringField("_error", e.error());
        }
        json.writeEndObject();
    }

    /** The query's pairs, percent-decoded, in order, repeats kept (HAR's queryString). */
    static List<String[]> query(String url) {
        int q = url.indexOf('?');
        List<String[]> out = new java.util.ArrayList<>();
        if (q < 0 || q == url.length() - 1) {
            return out;
        }
        for (String part : url.substring(q + 1).split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            out.add(new String[] {
                decode(eq < 0 ? part : part.substring(0, eq)), eq < 0 ? "" : decode(part.substring(eq + 1))
            });
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return s; // a stray '%' is kept as sent
        }
    }

    private static void headers(JsonGenerator json, List<Header> headers) throws IOException {
        json.writeArrayFieldStart("headers");
        for (Header h : headers) {
            json.writeStartObject();
            json.writeStringField("name", h.name());
            json.writeStringField("value", h.value());
            json.writeEndObject();
        }
        json.writeEndArray();
    }
}
