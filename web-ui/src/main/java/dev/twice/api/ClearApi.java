package dev.twice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.engine.RecordingProxy;
import dev.twice.store.Store;
import io.undertow.server.HttpServerExchange;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code DELETE /api/exchanges} with {@code {"confirm":true}}: deletes every exchange and finding
 * recorded so far (docs/dashboard.md, "Clearing the store"). The most destructive request the
 * dashboard takes, so guarded like every state change (JSON from the dashboard's own origin, and
 * the token when one is set) and confirmed in its body: a stray or replayed DELETE clears nothing.
 */
final class ClearApi {

    private static final int MAX_BODY = 64;

    private final RecordingProxy engine;
    private final Consumer<Store.Cleared> announce;

    ClearApi(RecordingProxy engine, Consumer<Store.Cleared> announce) {
        this.engine = engine;
        this.announce = announce;
    }

    void clear(HttpServerExchange exchange) {
        if (!ActionRequest.allowed(exchange)) {
            return;
        }
        JsonNode confirm =
                ActionRequest.body(exchange, MAX_BODY, "{\"confirm\":true}").get("confirm");
        if (confirm == null || !confirm.isBoolean() || !confirm.booleanValue()) {
            throw new BadParameterException("confirm", "the body must be {\"confirm\":true}");
        }
        Store.Cleared cleared;
        try {
            cleared = engine.clearStore();
        } catch (SQLException e) {
            JsonResponses.error(exchange, 503, "the store was not cleared: " + e.getMessage());
            return;
        }
        announce.accept(cleared);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cleared", cleared.exchanges());
        body.put("upToId", cleared.upToId());
        JsonResponses.send(exchange, 200, body);
    }
}
