package dev.twice.api;

import dev.twice.capture.Exchange;
import dev.twice.engine.RecordingProxy;
import dev.twice.store.Finding;
import dev.twice.store.StoredExchange;
import dev.twice.verify.JavaReproduction;
import dev.twice.verify.ReproductionPlan;
import dev.twice.verify.ShellReproduction;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/findings/{id}/reproduce.sh} and {@code .java}: a finding handed over as a
 * script or a test (docs/verification.md, "Reproducing a finding"). Redacted headers appear as
 * placeholders read from the environment, never as values.
 */
final class ReproduceApi {

    /** Where a dashboard-only instance, which knows no upstream, points the scripts by default. */
    static final String NO_UPSTREAM = "http://localhost:8080";

    private final RecordingProxy engine;

    ReproduceApi(RecordingProxy engine) {
        this.engine = engine;
    }

    void shell(HttpServerExchange exchange) {
        send(exchange, "text/x-shellscript; charset=utf-8", "reproduce-finding-%d.sh", ShellReproduction::render);
    }

    void java(HttpServerExchange exchange) {
        send(exchange, "text/x-java-source; charset=utf-8", null, JavaReproduction::render);
    }

    private void send(
            HttpServerExchange exchange, String type, String fileName, Function<ReproductionPlan, String> render) {
        Optional<Finding> finding = finding(exchange);
        if (finding.isEmpty()) {
            JsonResponses.error(exchange, 404, "no such finding");
            return;
        }
        Finding f = finding.get();
        List<Exchange> exchanges = new ArrayList<>();
        for (long id : f.exchangeIds()) {
            engine.queries().find(id).map(StoredExchange::exchange).ifPresent(exchanges::add);
        }
        if (!ReproductionPlan.bodiesWhole(exchanges)) {
            JsonResponses.error(
                    exchange,
                    422,
                    "a request body of this finding was not kept whole (--max-body), so "
                            + "it cannot be sent again as recorded");
            return;
        }
        String base = engine.upstream().map(Object::toString).orElse(NO_UPSTREAM);
        Optional<ReproductionPlan> plan = ReproductionPlan.of(f.id(), f.rule(), f.message(), base, exchanges);
        if (plan.isEmpty()) {
            JsonResponses.error(exchange, 422, "the exchanges of this finding are no longer all in the store");
            return;
        }
        String name = fileName != null ? fileName.formatted(f.id()) : JavaReproduction.className(f.id()) + ".java";
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, type);
        exchange.getResponseHeaders().put(Headers.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        exchange.getResponseSender()
                .send(ByteBuffer.wrap(render.apply(plan.get()).getBytes(StandardCharsets.UTF_8)));
    }

    private Optional<Finding> finding(HttpServerExchange exchange) {
        try {
            return engine.findings()
                    .find(Long.parseLong(exchange.getQueryParameters().get("id").getFirst()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
