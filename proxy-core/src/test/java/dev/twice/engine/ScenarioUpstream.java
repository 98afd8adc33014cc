package dev.twice.engine;

import dev.twice.testing.Gzip;
import dev.twice.testing.TestUpstream;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small service with a deliberately broken and a correct variant of each endpoint the rules
 * look at. Paths start with {@code /broken/} or {@code /ok/}.
 */
final class ScenarioUpstream implements AutoCloseable {

    private final AtomicInteger ids = new AtomicInteger(100);
    private final AtomicInteger clock = new AtomicInteger();
    private final Map<String, String> state = new ConcurrentHashMap<>();
    private final Map<String, String[]> keys = new ConcurrentHashMap<>();
    final TestUpstream server;

    ScenarioUpstream() {
        server = new TestUpstream(this::handle);
    }

    String url() {
        return server.url();
    }

    private void handle(HttpServerExchange ex, byte[] body) throws Exception {
        String path = ex.getRequestPath();
        String method = ex.getRequestMethod().toString();
        String text = new String(body, StandardCharsets.UTF_8);
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        boolean broken = path.startsWith("/broken/");
        if (path.endsWith("/create-put")) {                  // PUT that creates every time (broken) or upserts (ok)
            boolean existed = state.put(path, text) != null;
            int status = broken || !existed ? 201 : 200;
            ex.getResponseHeaders().put(HttpString.tryFromString("Location"), broken ? path + "/" + ids.incrementAndGet() : path);
            json(ex, status, "{\"value\":" + quote(text) + ",\"updatedAt\":\"t" + clock.incrementAndGet() + "\"}");
        } else if (path.endsWith("/counter")) {              // PUT that counts (broken) or stores (ok)
            if (method.equals("GET")) {
                json(ex, 200, "{\"value\":" + quote(state.getOrDefault(path, "")) + ",\"requestId\":\"r" + clock.incrementAndGet() + "\"}");
                return;
            }
            String value = broken ? text + "#" + ids.incrementAndGet() : text;
            state.put(path, value);
            json(ex, 200, "{\"value\":" + quote(value) + ",\"updatedAt\":\"t" + clock.incrementAndGet() + "\"}");
        } else if (path.endsWith("/gzip")) {                 // same JSON each time but for updatedAt, gzip-encoded
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Encoding"), "gzip");
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
            ex.getResponseSender().send(ByteBuffer.wrap(Gzip.of("{\"value\":" + quote(text)
                    + ",\"updatedAt\":\"t" + clock.incrementAndGet() + "\"}")));
        } else if (path.endsWith("/orders")) {               // POST: a new order each time; ok honours Idempotency-Key
            if (!broken && key != null) {
                String[] seen = keys.get(key);
                if (seen != null) {
                    if (!seen[0].equals(path + " " + text)) {
                        json(ex, 422, "{\"error\":\"key reused\"}");
                        return;
                    }
                    ex.getResponseHeaders().put(HttpString.tryFromString("Idempotent-Replayed"), "true");
                    ex.getResponseHeaders().put(HttpString.tryFromString("Location"), seen[1]);
                    json(ex, 201, seen[2]);
                    return;
                }
            }
            int id = ids.incrementAndGet();
            String location = "/orders/" + id;
            String response = "{\"id\":" + id + "}";
            if (key != null) {
                keys.putIfAbsent(key, new String[] {path + " " + text, location, response});
            }
            ex.getResponseHeaders().put(HttpString.tryFromString("Location"), location);
            json(ex, 201, response);
        } else if (path.endsWith("/slow-key")) {             // ok: a concurrent retry gets 409 while the first runs
            String[] seen = keys.putIfAbsent(key, new String[] {"running"});
            if (seen != null) {
                json(ex, 409, "{\"error\":\"in flight\"}");
                return;
            }
            Thread.sleep(600);
            json(ex, 201, "{\"id\":7}");
        } else if (path.endsWith("/item")) {                 // DELETE 204 then 404
            boolean existed = state.remove(path) != null || !state.containsKey(path + "#deleted");
            state.put(path + "#deleted", "1");
            ex.setStatusCode(existed ? 204 : 404);
        } else {
            json(ex, 200, "{\"ok\":true}");
        }
    }

    private static void json(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
        ex.getResponseSender().send(body);
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.close();
    }
}
