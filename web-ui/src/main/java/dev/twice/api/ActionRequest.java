package dev.twice.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * What every state-changing request shares: the guard (JSON from the dashboard's own origin,
 * StateChangeGuard) and a small JSON body read with a bound.
 */
final class ActionRequest {

    private ActionRequest() {}

    /** Answers 403 and returns false when {@link StateChangeGuard} refuses the request. */
    static boolean allowed(HttpServerExchange exchange) {
        Optional<String> refused = StateChangeGuard.refusal(exchange);
        refused.ifPresent(why -> JsonResponses.error(exchange, 403, why));
        return refused.isEmpty();
    }

    /** The body as JSON, at most {@code maxBytes}; {@code shape} names what is expected when it is not JSON. */
    static JsonNode body(HttpServerExchange exchange, int maxBytes, String shape) {
        try (InputStream in = exchange.getInputStream()) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new BadParameterException("body", "at most " + maxBytes + " bytes");
            }
            JsonNode body = JsonResponses.MAPPER.readTree(bytes);
            if (body == null) {
                throw new BadParameterException("body", "not JSON: " + shape);
            }
            return body;
        } catch (IOException e) {
            throw new BadParameterException("body", "not JSON: " + shape);
        }
    }
}
