package dev.twice.demo;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sample service of {@code --demo}: a correct and a deliberately broken variant of each kind
 * of endpoint twice judges. Broken paths start with {@code /broken/}.
 * <ul>
 * <li>{@code PUT /users/{id}} upserts (201, then 200); the broken one creates again (201, new Location).</li>
 * <li>{@code PUT /counters/{id}} stores the value; the broken one appends a version, which GET shows.</li>
 * <li>{@code POST /orders} honours {@code Idempotency-Key} (replays, 422 on reuse); the broken one ignores it.</li>
 * </ul>
 */
public final class DemoUpstream implements AutoCloseable {

    private final Map<String, String> state = new ConcurrentHashMap<>();
    private final Map<String, String[]> keys = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final Undertow server;

    private DemoUpstream(Undertow server) {
        this.server = server;
    }

    public static DemoUpstream start() {
        DemoUpstream[] self = new DemoUpstream[1];
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setIoThreads(1)
                .setWorkerThreads(4)
                .setHandler(ex -> {
                    if (ex.isInIoThread()) {
                        ex.dispatch(e -> self[0].handle(e));
                        return;
                    }
                    self[0].handle(ex);
                })
                .build();
        self[0] = new DemoUpstream(server);
        server.start();
        return self[0];
    }

    public String url() {
        return "http://127.0.0.1:" + ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void handle(HttpServerExchange ex) throws IOException {
        ex.startBlocking();
        String body = new String(ex.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestPath();
        String method = ex.getRequestMethod().toString();
        boolean broken = path.startsWith("/broken/");
        String resource = broken ? path.substring("/broken".length()) : path;
        if (resource.startsWith("/users/") && method.equals("PUT")) {
            boolean existed = state.put(path, body) != null;
            String location = broken ? path + "/v" + ids.incrementAndGet() : path;
            ex.getResponseHeaders().put(Headers.LOCATION, location);
            json(ex, broken || !existed ? 201 : 200, "{\"user\":" + body + ",\"updatedAt\":\"" + java.time.Instant.now() + "\"}");
        } else if (resource.startsWith("/counters/")) {
            if (method.equals("PUT")) {
                String value = broken ? body + "-v" + ids.incrementAndGet() : body;
                state.put(path, value);
                json(ex, 200, "{\"value\":" + quote(value) + ",\"updatedAt\":\"" + java.time.Instant.now() + "\"}");
            } else {
                json(ex, 200, "{\"value\":" + quote(state.getOrDefault(path, "")) + "}");
            }
        } else if (resource.equals("/orders") && method.equals("POST")) {
            order(ex, path, body, broken);
        } else {
            json(ex, 404, "{\"error\":\"no such demo endpoint\"}");
        }
    }

    private void order(HttpServerExchange ex, String path, String body, boolean broken) {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        if (!broken && key != null) {
            String[] seen = keys.get(key);
            if (seen != null) {
                if (!seen[0].equals(body)) {
                    json(ex, 422, "{\"error\":\"Idempotency-Key reused for a different request\"}");
                    return;
                }
                ex.getResponseHeaders().put(HttpString.tryFromString("Idempotent-Replayed"), "true");
                ex.getResponseHeaders().put(Headers.LOCATION, seen[1]);
                json(ex, 201, seen[2]);
                return;
            }
        }
        int id = ids.incrementAndGet();
        String location = path + "/" + id;
        String response = "{\"id\":" + id + ",\"order\":" + body + "}";
        if (key != null) {
            keys.putIfAbsent(key, new String[] {body, location, response});
        }
        ex.getResponseHeaders().put(Headers.LOCATION, location);
        json(ex, 201, response);
    }

    private static void json(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        ex.getResponseSender().send(body);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop();
    }
}
