package dev.twice.api;

import dev.twice.analysis.Analyzer;
import dev.twice.engine.AnalysisStatus;
import dev.twice.engine.RecordingProxy;
import dev.twice.store.ExchangeFilter;
import dev.twice.store.ExchangePage;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.InstanceSummary;
import dev.twice.store.RecordingStats;
import dev.twice.store.StoredExchange;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/** The handlers behind the JSON routes: read the store, map to docs/interface.md's shapes. */
final class ExchangeApi {

    private final RecordingProxy engine;
    private final Supplier<String> metrics;

    ExchangeApi(RecordingProxy engine, Supplier<String> metrics) {
        this.engine = engine;
        this.metrics = metrics;
    }

    /** {@code GET /metrics}: Prometheus text format. */
    void metrics(HttpServerExchange exchange) {
        engine.refreshMetrics();
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        exchange.getResponseSender().send(metrics.get());
    }

    void list(HttpServerExchange exchange) {
        ExchangeFilter filter = ExchangeFilterParser.parse(exchange.getQueryParameters());
        ExchangePage page = engine.queries().list(filter);
        Map<Long, List<String>> rules =
                rulesOf(page.items().stream().map(ExchangeSummary::id).toList());
        JsonResponses.send(
                exchange,
                200,
                new ExchangeJson.Page(
                        page.items().stream()
                                .map(s -> ExchangeJson.summary(s, rules.getOrDefault(s.id(), List.of())))
                                .toList(),
                        page.next()));
    }

    void detail(HttpServerExchange exchange) {
        String raw = exchange.getQueryParameters().get("id").getFirst();
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            JsonResponses.error(exchange, 404, "no such exchange");
            return;
        }
        Optional<StoredExchange> found = engine.queries().find(id);
        if (found.isEmpty()) {
            JsonResponses.error(exchange, 404, "no such exchange");
            return;
        }
        JsonResponses.send(
                exchange,
                200,
                ExchangeJson.detail(found.get(), rulesOf(List.of(id)).getOrDefault(id, List.of())));
    }

    /** Same filters as the list; without {@code limit}, every matching exchange. */
    /**
     * At most {@link HarExport#DEFAULT_ENTRIES} entries unless {@code limit} asks for more (up to
     * {@link HarExport#MAX_ENTRIES}), and at most {@link #CONCURRENT_EXPORTS} exports at once: each
     * holds a worker thread while its client reads (docs/security.md, "The dashboard's bounds").
     */
    void har(HttpServerExchange exchange) {
        Map<String, Deque<String>> params = new HashMap<>(exchange.getQueryParameters());
        Optional<String> limitText = ExchangeFilterParser.value(params, "limit");
        params.remove("limit");
        ExchangeFilter filter = ExchangeFilterParser.parse(params);
        int limit = limitText
                .map(v -> (int) ExchangeFilterParser.positive("limit", v, HarExport.MAX_ENTRIES))
                .orElse(HarExport.DEFAULT_ENTRIES);
        if (!exports.tryAcquire()) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
            JsonResponses.error(
                    exchange, 503, "another " + CONCURRENT_EXPORTS + " HAR exports are running; try again shortly");
            return;
        }
        try {
            HarExport.write(exchange, filter, limit, engine.queries());
        } catch (IOException e) {
            // the client stopped reading the export (or timed out); nothing to answer
        } finally {
            exports.release();
        }
    }

    static final int CONCURRENT_EXPORTS = 2;
    private final Semaphore exports = new Semaphore(CONCURRENT_EXPORTS);

    void findings(HttpServerExchange exchange) {
        Optional<String> rule = ExchangeFilterParser.value(exchange.getQueryParameters(), "rule");
        rule.ifPresent(r -> {
            if (!Analyzer.ruleIds().contains(r)) {
                throw new BadParameterException(
                        "rule", "not a rule id (" + String.join(", ", Analyzer.ruleIds()) + ")");
            }
        });
        Optional<String> url = ExchangeFilterParser.value(exchange.getQueryParameters(), "url");
        List<FindingJson> items =
                engine.findings().list(rule, url).stream().map(FindingJson::of).toList();
        JsonResponses.send(exchange, 200, new FindingJson.Page(items));
    }

    /**
     * Where the proxy listens, so the page can build commands that go through twice itself and
     * never to a host named by recorded traffic: {@code host} is null on a wildcard address (the
     * page then uses the host it was loaded from).
     */
    void info(HttpServerExchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("proxy", engine.proxyAddress().map(ExchangeApi::where).orElse(null));
        body.put("store", engine.storeDescription());
        body.put("verify", engine.verifier().allowed());
        JsonResponses.send(exchange, 200, body);
    }

    private static Map<String, Object> where(InetSocketAddress proxy) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(
                "host",
                proxy.getAddress() == null || proxy.getAddress().isAnyLocalAddress()
                        ? null
                        : proxy.getAddress().getHostAddress());
        p.put("port", proxy.getPort());
        return p;
    }

    /** {@code GET /api/instances}: each instance that recorded into the store (docs/fleet.md). */
    void instances(HttpServerExchange exchange) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (InstanceSummary i : engine.queries().instances()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("name", i.name());
            item.put("firstSeen", JsonTime.of(i.firstSeen()));
            item.put("lastSeen", JsonTime.of(i.lastSeen()));
            item.put("exchanges", i.exchanges());
            items.add(item);
        }
        JsonResponses.send(exchange, 200, Map.of("items", items));
    }

    /**
     * What the analysis learned to be noise, per URL shape: the JSON paths and text lines that two
     * identical GETs showed changing by themselves, and which GETs showed it (docs/analysis.md, "Noise").
     */
    void noise(HttpServerExchange exchange) {
        List<Map<String, Object>> items = new ArrayList<>();
        engine.analysis().noise().snapshot().forEach(l -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("urlShape", l.shape());
            item.put("jsonPaths", new TreeSet<>(l.jsonPaths()));
            item.put("textLines", new TreeSet<>(l.textLines()));
            item.put("learnedFrom", List.of(l.firstId(), l.secondId()));
            items.add(item);
        });
        JsonResponses.send(exchange, 200, Map.of("items", items));
    }

    private Map<Long, List<String>> rulesOf(List<Long> exchangeIds) {
        return engine.findings().rulesByExchange(exchangeIds);
    }

    /**
     * Always 200 while the process serves: proxying works even when recording does not, so a
     * container is not restarted for a full disk or a restarting upstream. {@code degraded} says why:
     * recording impaired, or the upstream unreachable (docs/reliability.md E55).
     */
    void health(HttpServerExchange exchange) {
        RecordingStats stats = engine.stats();
        Optional<String> upstream = engine.upstreamProblem();
        List<String> reasons = new ArrayList<>();
        if (!stats.enabled() || stats.problem().isPresent()) {
            reasons.add((stats.enabled() ? "recording failing: " : "recording off: ")
                    + stats.problem().orElse(""));
        }
        upstream.ifPresent(p -> reasons.add("upstream unreachable: " + p));
        AnalysisStatus a = engine.analysis().status();
        a.problem().ifPresent(reasons::add);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", reasons.isEmpty() ? "ok" : "degraded");
        if (!reasons.isEmpty()) {
            body.put("reason", String.join("; ", reasons));
        }
        Map<String, Object> recording = new LinkedHashMap<>();
        recording.put("enabled", stats.enabled());
        recording.put("recorded", stats.recorded());
        recording.put("dropped", stats.dropped());
        recording.put("failed", stats.failed());
        recording.put("bodiesShed", stats.bodiesShed());
        recording.put("queueDepth", stats.queueDepth());
        body.put("recording", recording);
        Map<String, Object> upstreamState = new LinkedHashMap<>();
        upstreamState.put("reachable", upstream.isEmpty());
        upstream.ifPresent(p -> upstreamState.put("problem", p));
        body.put("upstream", upstreamState);
        Map<String, Object> analysis = new LinkedHashMap<>();
        analysis.put("role", a.role().json());
        analysis.put("analysed", a.analysed());
        analysis.put("skipped", a.skipped());
        analysis.put("backlog", a.backlog());
        body.put("analysis", analysis);
        JsonResponses.send(exchange, 200, body);
    }
}
