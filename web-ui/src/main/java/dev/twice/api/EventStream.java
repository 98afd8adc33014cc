package dev.twice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twice.capture.Exchange;
import dev.twice.engine.RecordingProxy;
import dev.twice.store.ExchangeFilter;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.Finding;
import io.undertow.Handlers;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/events}: Server-Sent Events {@code exchange} (a Summary) and {@code finding}
 * (a Finding) as they happen. Each event's id is the id of the exchange it is about, so a client
 * reconnecting with {@code Last-Event-ID: N} first gets what it missed: the exchanges after N
 * (up to 500) and the findings they took part in.
 */
final class EventStream {

    static final int REPLAY_LIMIT = 500;

    private final RecordingProxy engine;
    private final ServerSentEventHandler handler;

    EventStream(RecordingProxy engine) {
        this.engine = engine;
        this.handler = Handlers.serverSentEvents(this::connected);
        engine.analyzer().ifPresent(a -> {
            a.onExchange(this::exchange);
            a.onFinding(this::finding);
        });
    }

    ServerSentEventHandler handler() {
        return handler;
    }

    private void connected(ServerSentEventConnection connection, String lastEventId) {
        connection.setKeepAliveTime(15_000);
        if (lastEventId == null || lastEventId.isBlank()) {
            return;
        }
        long after;
        try {
            after = Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return;
        }
        engine.queries().ifPresent(q -> {
            List<ExchangeSummary> missed = new ArrayList<>(q.list(new ExchangeFilter(Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), REPLAY_LIMIT)).items());
            missed.removeIf(s -> s.id() <= after);
            missed.sort(Comparator.comparingLong(ExchangeSummary::id));
            for (ExchangeSummary s : missed) {
                send(connection, "exchange", s.id(), ExchangeJson.summary(s, List.of()));
            }
        });
        engine.findings().ifPresent(f -> f.list(Optional.empty(), Optional.empty()).stream()
                .filter(x -> last(x) > after)
                .sorted(Comparator.comparingLong(EventStream::last))
                .forEach(x -> send(connection, "finding", last(x), FindingJson.of(x))));
    }

    private void exchange(Exchange e) {
        ExchangeSummary s = new ExchangeSummary(e.id(), e.startedAt(), e.method(), e.url(), e.status(),
                e.durationNanos() / 1000, e.requestBody().size(), e.hasResponse() ? e.responseBody().size() : 0, e.error(),
                e.requestBody().truncated() || (e.hasResponse() && e.responseBody().truncated()));
        broadcast("exchange", e.id(), ExchangeJson.summary(s, List.of()));
    }

    private void finding(Finding f) {
        broadcast("finding", last(f), FindingJson.of(f));
    }

    private static long last(Finding f) {
        return f.exchangeIds().isEmpty() ? 0 : f.exchangeIds().get(f.exchangeIds().size() - 1);
    }

    private void broadcast(String event, long id, Object body) {
        if (handler.getConnections().isEmpty()) {
            return;
        }
        for (ServerSentEventConnection c : handler.getConnections()) {
            send(c, event, id, body);
        }
    }

    private static void send(ServerSentEventConnection c, String event, long id, Object body) {
        try {
            c.send(JsonResponses.MAPPER.writeValueAsString(body), event, Long.toString(id), null);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
