package dev.twice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.store.Finding;
import dev.twice.store.FindingStore;
import io.undertow.server.HttpServerExchange;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code POST /api/findings/{id}/mute} with {@code {"muted":true|false}}: a person acknowledges a
 * finding (or takes that back). State-changing, so guarded like a verification: JSON only, and
 * from the dashboard's own origin (StateChangeGuard).
 */
final class MuteApi {

    private static final int MAX_BODY = 256;

    private final FindingStore findings;

    MuteApi(FindingStore findings) {
        this.findings = findings;
    }

    void mute(HttpServerExchange exchange) {
        if (!ActionRequest.allowed(exchange)) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(exchange.getQueryParameters().get("id").getFirst());
        } catch (NumberFormatException e) {
            JsonResponses.error(exchange, 404, "no such finding");
            return;
        }
        boolean muted = muted(exchange);
        Optional<Finding> changed;
        try {
            changed = findings.mute(id, muted);
        } catch (SQLException e) {
            JsonResponses.error(exchange, 503, "the store did not take it: " + e.getMessage());
            return;
        }
        if (changed.isEmpty()) {
            JsonResponses.error(exchange, 404, "no such finding");
            return;
        }
        JsonResponses.send(exchange, 200, FindingJson.of(changed.get()));
    }

    private static boolean muted(HttpServerExchange exchange) {
        JsonNode body = ActionRequest.body(exchange, MAX_BODY, "{\"muted\":true}");
        JsonNode muted = body.get("muted");
        if (muted == null || !muted.isBoolean()) {
            throw new BadParameterException("muted", "the body must be {\"muted\":true} or {\"muted\":false}");
        }
        return muted.booleanValue();
    }
}
