package dev.twice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.twice.engine.RecordingProxy;
import dev.twice.store.ExchangeFilter;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.Finding;
import dev.twice.store.Store;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.sse.ServerSentEventConnection;
import io.undertow.server.handlers.sse.ServerSentEventHandler;
import io.undertow.util.Headers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * {@code GET /api/events}: Server-Sent Events {@code exchange} (a Summary) and {@code finding}
 * (a Finding) as they happen. Each event's id is the id of the exchange it is about, so a client
 * reconnecting with {@code Last-Event-ID: N} first gets what it missed: the exchanges after N
 * (up to 500) and the findings they took part in.
 *
 * <p>The dashboard shares the proxy's JVM, so no client may make it hold memory without bound
 * (docs/security.md, "The dashboard's bounds"): at most {@link #MAX_STREAMS} streams (more get
 * 503); a stream whose client stops reading is closed once {@link #MAX_PENDING} events wait for it
 * (it resumes with {@code Last-Event-ID}); the replay runs on its own thread, one at a time, never
 * on the dashboard's I/O thread.
 */
final class EventStream {

    static final int REPLAY_LIMIT = 500;
    static final int MAX_STREAMS = 32;
    static final int MAX_PENDING = 1_000;

    private final RecordingProxy engine;
    private final ServerSentEventHandler handler;
    private final Map<ServerSentEventConnection, AtomicInteger> pending = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final ThreadPoolExecutor replays =
            new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_STREAMS), r -> {
                Thread t = new Thread(r, "twice-sse-replay");
                t.setDaemon(true);
                return t;
            });

    EventStream(RecordingProxy engine) {
        this.engine = engine;
        this.handler = Handlers.serverSentEvents(this::connected);
        engine.analysis().onExchange(this::exchange);
        engine.analysis().onFinding(this::finding);
        engine.analysis().listenWhile(() -> !handler.getConnections().isEmpty());
    }

    /** The route: refuses a stream past the cap before it is opened. */
    HttpHandler handler() {
        return exchange -> {
            // A slot is taken before the stream opens and given back when its exchange ends, so a
            // burst of requests read together cannot all slip under the cap.
            if (open.incrementAndGet() > MAX_STREAMS) {
                open.decrementAndGet();
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "5");
                JsonResponses.error(exchange, 503, "too many event streams open (" + MAX_STREAMS + ")");
                return;
            }
            exchange.addExchangeCompleteListener((ex, next) -> {
                open.decrementAndGet();
                next.proceed();
            });
            handler.handleRequest(exchange);
        };
    }

    private void connected(ServerSentEventConnection connection, String lastEventId) {
        connection.setKeepAliveTime(15_000);
        pending.put(connection, new AtomicInteger());
        connection.addCloseTask(pending::remove);
        if (lastEventId == null || lastEventId.isBlank()) {
            return;
        }
        long after;
        try {
            after = Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return;
        }
        try {
            replays.execute(() -> replay(connection, after));
        } catch (RejectedExecutionException busy) {
            closeNow(connection); // the client reconnects later with the same Last-Event-ID
        }
    }

    /** On the replay thread: what the client missed, oldest first, bounded. */
    private void replay(ServerSentEventConnection connection, long after) {
        if (!connection.isOpen()) {
            return;
        }
        List<ExchangeSummary> missed = new ArrayList<>(
                engine.queries().list(ExchangeFilter.all(REPLAY_LIMIT)).items());
        missed.removeIf(s -> s.id() <= after);
        missed.sort(Comparator.comparingLong(ExchangeSummary::id));
        for (ExchangeSummary s : missed) {
            send(connection, "exchange", s.id(), ExchangeJson.summary(s, List.of()));
        }
        engine.findings().list(Optional.empty(), Optional.empty()).stream()
                .filter(x -> last(x) > after)
                .sorted(Comparator.comparingLong(EventStream::last))
                .limit(REPLAY_LIMIT)
                .forEach(x -> send(connection, "finding", last(x), FindingJson.of(x)));
    }

    /** Every page open here lists again: what it shows up to {@code upToId} is gone. */
    void cleared(Store.Cleared c) {
        broadcast("cleared", c.upToId(), () -> Map.of("upToId", c.upToId(), "cleared", c.exchanges()));
    }

    private void exchange(ExchangeSummary s) {
        broadcast("exchange", s.id(), () -> ExchangeJson.summary(s, List.of()));
    }

    private void finding(Finding f) {
        broadcast("finding", last(f), () -> FindingJson.of(f));
    }

    private static long last(Finding f) {
        return f.exchangeIds().isEmpty()
                ? 0
                : f.exchangeIds().get(f.exchangeIds().size() - 1);
    }

    /** Nothing is formatted while nobody listens: every exchange passes here (5 % of what the proxy allocated). */
    private void broadcast(String event, long id, Supplier<Object> body) {
        if (handler.getConnections().isEmpty()) {
            return;
        }
        String data = json(body.get());
        for (ServerSentEventConnection c : handler.getConnections()) {
            send(c, event, id, data);
        }
    }

    private void send(ServerSentEventConnection c, String event, long id, Object body) {
        send(c, event, id, json(body));
    }

    /** Counts what waits for the client; past the bound the stream is closed instead of growing. */
    private void send(ServerSentEventConnection c, String event, long id, String data) {
        AtomicInteger waiting = pending.get(c);
        if (waiting == null) {
            return;
        }
        if (waiting.incrementAndGet() > MAX_PENDING) {
            pending.remove(c);
            closeNow(c); // not shutdown(): that waits for the queue to drain, which it never will
            return;
        }
        c.send(data, event, Long.toString(id), new ServerSentEventConnection.EventCallback() {
            @Override
            public void done(ServerSentEventConnection connection, String d, String ev, String i) {
                waiting.decrementAndGet();
            }

            @Override
            public void failed(ServerSentEventConnection connection, String d, String ev, String i, IOException e) {
                waiting.decrementAndGet();
            }
        });
    }

    private static void closeNow(ServerSentEventConnection c) {
        try {
            c.close();
        } catch (IOException e) {
            // already broken: closed either way
        }
    }

    private static String json(Object body) {
        try {
            return JsonResponses.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        replays.shutdownNow();
    }

    /** Streams open now (for tests and metrics). */
    int streams() {
        return handler.getConnections().size();
    }
}
