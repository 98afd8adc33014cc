package dev.twice.sample;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A small service with a correct and a deliberately broken variant of each kind of endpoint twice
 * judges: what {@code --demo} points at, and what the analysis tests run against. A path under
 * {@code /broken/} is the broken variant; any other prefix ({@code /ok/}, or none) the correct one.
 * The endpoint is named by the first segment after that prefix:
 * <ul>
 * <li>{@code PUT /users/{id}} upserts (201, then 200); broken: creates again (201, a new Location).</li>
 * <li>{@code PUT|GET /counters/{id}} stores the value; broken: appends a version, which a GET shows.</li>
 * <li>{@code POST /orders} honours {@code Idempotency-Key} (replays the first answer, 422 on reuse);
 *     broken: ignores it and creates an order each time.</li>
 * <li>{@code PUT /gzip/{id}} the same JSON each time but for {@code updatedAt}, gzip-encoded.</li>
 * <li>{@code POST /slow-orders} takes 600 ms; a concurrent retry with the key gets 409 meanwhile.</li>
 * <li>{@code DELETE /items/{id}} 204, then 404.</li>
 * </ul>
 */
public final class SampleService implements AutoCloseable {

    /** What a key was first used for, and what was answered: replayed to a retry. */
    private record KeyUse(String request, String location, String response) {}

    private final Map<String, String> state = new ConcurrentHashMap<>();
    private final Map<String, KeyUse> keys = new ConcurrentHashMap<>();
    private final Map<String, Boolean> running = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final Undertow server;

    private SampleService(Undertow server) {
        this.server = server;
    }

    /** Starts on an ephemeral loopback port. */
    public static SampleService start() {
        SampleService[] self = new SampleService[1];
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setHandler(ex -> {
                    if (ex.isInIoThread()) {
                        ex.dispatch(e -> self[0].handle(e));
                        return;
                    }
                    self[0].handle(ex);
                })
                .build();
        self[0] = new SampleService(server);
        server.start();
        return self[0];
    }

    public String url() {
        return "http://127.0.0.1:"
                + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void handle(HttpServerExchange ex) throws Exception {
        ex.startBlocking();
        String body = new String(ex.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestPath();
        String method = ex.getRequestMethod().toString();
        boolean broken = path.startsWith("/broken/");
        String resource =
                broken ? path.substring("/broken".length()) : path.startsWith("/ok/") ? path.substring(3) : path;
        String kind = resource.split("/", 3).length > 1 ? resource.split("/", 3)[1] : "";
        switch (kind + " " + method) {
            case "users PUT" -> user(ex, path, body, broken);
            case "counters PUT" -> {
                String value = broken ? body + "-v" + ids.incrementAndGet() : body;
                state.put(path, value);
                json(ex, 200, "{\"value\":" + quote(value) + ",\"updatedAt\":\"" + Instant.now() + "\"}");
            }
            case "counters GET" ->
                json(
                        ex,
                        200,
                        "{\"value\":" + quote(state.getOrDefault(path, "")) + ",\"requestId\":\"r"
                                + ids.incrementAndGet() + "\"}");
            case "orders POST" -> order(ex, path, body, broken);
            case "gzip PUT" -> {
                ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                ex.getResponseSender()
                        .send(ByteBuffer.wrap(
                                gzip("{\"value\":" + quote(body) + ",\"updatedAt\":\"" + Instant.now() + "\"}")));
            }
            case "slow-orders POST" -> slowOrder(ex, ex.getRequestHeaders().getFirst("Idempotency-Key"));
            case "items DELETE" -> {
                boolean existed = state.putIfAbsent(path + "#deleted", "1") == null;
                ex.setStatusCode(existed ? 204 : 404);
            }
            default -> json(ex, 404, "{\"error\":\"no such sample endpoint\"}");
        }
    }

    private void user(HttpServerExchange ex, String path, String body, boolean broken) {
        boolean existed = state.put(path, body) != null;
        ex.getResponseHeaders().put(Headers.LOCATION, broken ? path + "/v" + ids.incrementAndGet() : path);
        json(
                ex,
                broken || !existed ? 201 : 200,
                "{\"value\":" + quote(body) + ",\"updatedAt\":\"" + Instant.now() + "\"}");
    }

    private void order(HttpServerExchange ex, String path, String body, boolean broken) {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        String request = path + " " + body;
        if (!broken && key != null) {
            KeyUse seen = keys.get(key);
            if (seen != null) {
                if (!seen.request().equals(request)) {
                    json(ex, 422, "{\"error\":\"Idempotency-Key reused for a different request\"}");
                    return;
                }
                ex.getResponseHeaders().put(HttpString.tryFromString("Idempotent-Replayed"), "true");
                ex.getResponseHeaders().put(Headers.LOCATION, seen.location());
                json(ex, 201, seen.response());
                return;
            }
        }
        int id = ids.incrementAndGet();
        KeyUse use = new KeyUse(request, path + "/" + id, "{\"id\":" + id + ",\"order\":" + quote(body) + "}");
        if (key != null) {
            keys.putIfAbsent(key, use);
        }
        ex.getResponseHeaders().put(Headers.LOCATION, use.location());
        json(ex, 201, use.response());
    }

    private void slowOrder(HttpServerExchange ex, String key) throws InterruptedException {
        if (key != null && running.putIfAbsent(key, Boolean.TRUE) != null) {
            json(ex, 409, "{\"error\":\"a request with this key is in flight\"}");
            return;
        }
        Thread.sleep(600);
        json(ex, 201, "{\"id\":7}");
    }

    private static void json(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender().send(body);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream g = new GZIPOutputStream(out)) {
            g.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        server.stop();
    }
}
