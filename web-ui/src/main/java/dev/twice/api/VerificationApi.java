package dev.twice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.verify.Verification;
import dev.twice.verify.Verifier;
import io.undertow.server.HttpServerExchange;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /api/verifications} and {@code GET /api/verifications/{id}} (docs/verification.md). */
final class VerificationApi {

    /** A start request is a few bytes of JSON; more is not read. */
    private static final int MAX_BODY = 4096;

    private final Verifier verifier;

    VerificationApi(Verifier verifier) {
        this.verifier = verifier;
    }

    void start(HttpServerExchange exchange) {
        if (!ActionRequest.allowed(exchange)) {
            return;
        }
        long exchangeId = exchangeId(exchange);
        Verifier.Outcome outcome = verifier.start(exchangeId);
        if (outcome instanceof Verifier.Started s) {
            JsonResponses.send(exchange, 202, json(s.verification()));
        } else if (outcome instanceof Verifier.Refused r) {
            JsonResponses.error(exchange, r.status(), r.reason());
        }
    }

    void get(HttpServerExchange exchange) {
        String raw = exchange.getQueryParameters().get("id").getFirst();
        long id;
        try {
            id = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            JsonResponses.error(exchange, 404, "no such verification");
            return;
        }
        Optional<Verification> v = verifier.get(id);
        if (v.isEmpty()) {
            JsonResponses.error(exchange, 404, "no such verification");
            return;
        }
        JsonResponses.send(exchange, 200, json(v.get()));
    }

    private static long exchangeId(HttpServerExchange exchange) {
        JsonNode body = ActionRequest.body(exchange, MAX_BODY, "{\"exchangeId\":N}");
        JsonNode id = body.get("exchangeId");
        if (id == null || !id.canConvertToLong() || id.asLong() < 1) {
            throw new BadParameterException("exchangeId", "a positive exchange id is required");
        }
        return id.asLong();
    }

    static Map<String, Object> json(Verification v) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", v.id());
        out.put("exchangeId", v.exchangeId());
        out.put("state", v.state().json());
        out.put("steps", v.steps());
        List<Map<String, String>> differences = v.differences().stream()
                .map(d -> {
                    Map<String, String> m = new LinkedHashMap<>();
                    m.put("where", d.where());
                    m.put("before", d.before());
                    m.put("after", d.after());
                    return m;
                })
                .toList();
        out.put("differences", differences);
        out.put("sentWithout", v.sentWithout());
        out.put("message", v.message());
        return out;
    }
}
