package dev.twice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.capture.IdempotencyKey;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.Finding;
import dev.twice.store.FindingStore;
import dev.twice.store.StoredExchange;
import io.undertow.server.HttpServerExchange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code GET /api/attempts?finding=ID|url=/exact|key=K}: every attempt behind a finding, at a URL
 * (any method), or with an Idempotency-Key, oldest first, with what tells them apart — status,
 * Location, the bodies' hashes, the key, Envoy's attempt count, the time between attempts — and
 * which ones the finding's rule compared (docs/dashboard.md, "Attempts").
 */
final class AttemptsApi {

    /** Attempts in one answer: a timeline, not an export. */
    static final int LIMIT = 200;

    private static final Set<String> KEY_RULES = Set.of("idempotency-key-mismatch", "idempotency-key-reuse");

    private final ExchangeQueries queries;
    private final FindingStore findings;

    AttemptsApi(ExchangeQueries queries, FindingStore findings) {
        this.queries = queries;
        this.findings = findings;
    }

    void attempts(HttpServerExchange exchange) {
        Map<String, Deque<String>> params = exchange.getQueryParameters();
        Optional<String> finding = ExchangeFilterParser.value(params, "finding");
        Optional<String> url = ExchangeFilterParser.value(params, "url");
        Optional<String> key = ExchangeFilterParser.value(params, "key");
        int given = (finding.isPresent() ? 1 : 0) + (url.isPresent() ? 1 : 0) + (key.isPresent() ? 1 : 0);
        if (given != 1) {
            throw new BadParameterException("finding", "give exactly one of finding=, url= or key=");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (finding.isPresent()) {
            long id = ExchangeFilterParser.positive("finding", finding.get(), Long.MAX_VALUE);
            Optional<Finding> found = findings.find(id);
            if (found.isEmpty()) {
                JsonResponses.error(exchange, 404, "no such finding");
                return;
            }
            ofFinding(found.get(), body);
        } else {
            List<StoredExchange> rows = url.isPresent()
                    ? queries.attemptsAtUrl(url.get(), Long.MAX_VALUE, LIMIT + 1)
                    : queries.attemptsWithKey(key.get(), LIMIT + 1);
            answer(body, withinLimit(rows, body), Set.of(), List.of());
        }
        JsonResponses.send(exchange, 200, body);
    }

    /**
     * A key rule's attempts are the key's; a URL rule's are every exchange at the URL from the one
     * before the finding's first (the state it started from) to its last, GETs and DELETEs included.
     */
    private void ofFinding(Finding f, Map<String, Object> body) {
        Set<Long> involved = new HashSet<>(f.exchangeIds());
        List<Long> compared = compared(f);
        List<StoredExchange> rows;
        body.put("finding", f.id());
        body.put("rule", f.rule());
        if (KEY_RULES.contains(f.rule())) {
            rows = withinLimit(queries.attemptsWithKey(f.subject(), LIMIT + 1), body);
        } else {
            long first = f.exchangeIds().stream().min(Long::compare).orElse(0L);
            long last = f.exchangeIds().stream().max(Long::compare).orElse(0L);
            List<StoredExchange> newestFirst = queries.attemptsAtUrl(f.url(), last + 1, LIMIT);
            rows = new ArrayList<>();
            boolean before = false;
            for (StoredExchange e : newestFirst) {
                rows.add(e); // down to the one just before the first: what the URL held when they began
                if (e.exchange().id() < first) {
                    before = true;
                    break;
                }
            }
            body.put(
                    "more",
                    !before
                            && newestFirst.size() == LIMIT
                            && rows.get(rows.size() - 1).exchange().id() > first);
        }
        if (f.rule().equals(POST_RULE)) {
            rows = sameRequests(rows, involved);
        }
        answer(body, rows, involved, compared);
    }

    /** {@code rows} read with one more than the limit: the limit's worth, and whether there were more. */
    private static List<StoredExchange> withinLimit(List<StoredExchange> rows, Map<String, Object> body) {
        body.put("more", rows.size() > LIMIT);
        return rows.subList(0, Math.min(LIMIT, rows.size()));
    }

    private static final String POST_RULE = "post-duplicate";

    /**
     * A POST's attempts are the POSTs of the same body: other bodies at the URL are other requests,
     * not repeats (a PUT's timeline keeps every write and GET between, since they change or show state).
     */
    private static List<StoredExchange> sameRequests(List<StoredExchange> rows, Set<Long> involved) {
        Set<String> bodies = new HashSet<>();
        for (StoredExchange s : rows) {
            if (involved.contains(s.exchange().id())) {
                bodies.add(s.exchange().method() + " "
                        + hex(s.exchange().requestBody().sha256()));
            }
        }
        return rows.stream()
                .filter(s -> bodies.contains(s.exchange().method() + " "
                        + hex(s.exchange().requestBody().sha256())))
                .toList();
    }

    private static List<Long> compared(Finding f) {
        List<Long> ids = new ArrayList<>();
        JsonNode evidence = FindingJson.of(f).evidence();
        JsonNode compared = evidence == null ? null : evidence.get("compared");
        if (compared != null && compared.isArray()) {
            compared.forEach(n -> ids.add(n.asLong()));
        }
        return ids;
    }

    private static void answer(
            Map<String, Object> body, List<StoredExchange> rows, Set<Long> involved, List<Long> compared) {
        List<StoredExchange> inOrder = new ArrayList<>(rows);
        inOrder.sort(Comparator.comparing((StoredExchange s) -> s.exchange().startedAt())
                .thenComparingLong(s -> s.exchange().id()));
        List<Map<String, Object>> items = new ArrayList<>();
        Exchange previous = null;
        for (StoredExchange s : inOrder) {
            Exchange e = s.exchange();
            Map<String, Object> item = item(e, previous, involved.contains(e.id()), compared.contains(e.id()));
            item.put("instance", s.instance());
            items.add(item);
            previous = e;
        }
        body.put("compared", compared);
        body.put("items", items);
    }

    private static Map<String, Object> item(Exchange e, Exchange previous, boolean inFinding, boolean compared) {
        Map<String, Object> item = new TreeMap<>();
        item.put("id", e.id());
        item.put("startedAt", JsonTime.of(e.startedAt()));
        item.put("method", e.method());
        item.put("url", e.url());
        item.put("status", e.status());
        item.put("error", e.error());
        item.put("durationMs", e.durationNanos() / 1_000_000.0);
        item.put("origin", e.origin().json());
        item.put("idempotencyKey", IdempotencyKey.of(e.requestHeaders()).orElse(null));
        item.put(
                "attemptCount",
                Header.first(e.requestHeaders(), "x-envoy-attempt-count").orElse(null));
        item.put(
                "location",
                e.hasResponse() ? Header.first(e.responseHeaders(), "Location").orElse(null) : null);
        item.put("requestSha256", hex(e.requestBody().sha256()));
        item.put("requestSize", e.requestBody().size());
        item.put("responseSha256", e.hasResponse() ? hex(e.responseBody().sha256()) : null);
        item.put("responseSize", e.hasResponse() ? e.responseBody().size() : null);
        item.put(
                "sincePreviousMs",
                previous == null
                        ? null
                        : Duration.between(previous.startedAt(), e.startedAt()).toNanos() / 1_000_000.0);
        item.put("inFinding", inFinding);
        item.put("compared", compared);
        return item;
    }

    private static String hex(byte[] sha256) {
        return sha256 == null ? null : HexFormat.of().formatHex(sha256);
    }
}
