package dev.twice.api;

import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.server.handlers.BlockingHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every route of the dashboard port in one table. */
final class ApiRoutes {

    private static final Logger LOG = Logger.getLogger(ApiRoutes.class.getName());

    private ApiRoutes() {}

    static HttpHandler table(
            ExchangeApi api,
            VerificationApi verifications,
            ReproduceApi reproduce,
            MuteApi mute,
            AttemptsApi attempts,
            ClearApi clear,
            DiffApi diff,
            HttpHandler events,
            HttpHandler ui) {
        RoutingHandler routes = Handlers.routing()
                .get("/healthz", guarded(api::health))
                .get("/metrics", guarded(api::metrics))
                .get("/api/exchanges", guarded(api::list))
                .delete("/api/exchanges", guarded(clear::clear))
                .get("/api/exchanges/{id}", guarded(api::detail))
                .get("/api/findings", guarded(api::findings))
                .get("/api/noise", guarded(api::noise))
                .get("/api/info", guarded(api::info))
                .get("/api/instances", guarded(api::instances))
                .get("/api/export.har", guarded(api::har))
                .post("/api/verifications", guarded(verifications::start))
                .get("/api/verifications/{id}", guarded(verifications::get))
                .get("/api/attempts", guarded(attempts::attempts))
                .get("/api/diff", guarded(diff::diff))
                .get("/api/findings/{id}/reproduce.sh", guarded(reproduce::shell))
                .get("/api/findings/{id}/reproduce.java", guarded(reproduce::java))
                .post("/api/findings/{id}/mute", guarded(mute::mute))
                .get("/api/events", events)
                .get("/", ui)
                .get("/assets/*", ui)
                .setFallbackHandler(ex -> JsonResponses.error(ex, 404, "not found"))
                .setInvalidMethodHandler(ex -> JsonResponses.error(ex, 405, "method not allowed"));
        return routes;
    }

    interface Route {
        void handle(HttpServerExchange exchange);
    }

    /** Bad parameters are the caller's 400; anything else is our 500, logged, never echoed. */
    private static HttpHandler guarded(Route route) {
        return new BlockingHandler(exchange -> {
            try {
                route.handle(exchange);
            } catch (BadParameterException e) {
                JsonResponses.error(exchange, 400, e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "API request failed: " + exchange.getRequestPath(), e);
                JsonResponses.error(exchange, 500, "internal error");
            }
        });
    }
}
