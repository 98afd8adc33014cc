package dev.twice.api;

import dev.twice.testing.TestUpstream;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real upstream whose behaviour a test switches between broken and correct, for verification and
 * reproduction: {@code PUT /things/{id}} answers a version that grows when broken; {@code PUT
 * /counters/{id}} always answers 204 but, when broken, counts writes that only a GET shows;
 * {@code PUT /good/{id}} is a plain upsert; {@code PUT /create/{id}} creates again (201, a new
 * Location) when broken; a key reused for another body is refused (422) unless broken; {@code POST /orders} honours an Idempotency-Key unless
 * broken, and when correct answers a keyless repeat with the order it made; {@code PUT /secure/{id}}
 * needs {@code Authorization: Bearer s3cret}; {@code /dies/{id}} cuts the connection from the third
 * request on.
 */
final class SwitchableService implements AutoCloseable {

    final AtomicBoolean broken = new AtomicBoolean(true);
    private final Map<String, String> values = new ConcurrentHashMap<>();
    private final Map<String, Integer> writes = new ConcurrentHashMap<>();
    private final Map<String, String> orders = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger dies = new AtomicInteger();
    private final AtomicInteger seen = new AtomicInteger();
    private volatile byte[] lastBody = new byte[0];
    private final TestUpstream server;

    SwitchableService() {
        server = new TestUpstream(this::handle);
    }

    String url() {
        return server.url();
    }

    /** Requests received so far. */
    int seen() {
        return seen.get();
    }

    byte[] lastBody() {
        return lastBody;
    }

    private void handle(HttpServerExchange ex, byte[] raw) throws java.io.IOException {
        seen.incrementAndGet();
        lastBody = raw;
        String body = new String(raw, StandardCharsets.UTF_8);
        String path = ex.getRequestPath();
        String method = ex.getRequestMethod().toString();
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        if (path.startsWith("/dies/") && dies.incrementAndGet() >= 3) {
            ex.getConnection().close();
            return;
        }
        if (path.startsWith("/secure/")
                && !"Bearer s3cret".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
            reply(ex, 401, "{\"error\":\"unauthorized\"}");
            return;
        }
        switch (method) {
            case "PUT" -> put(ex, path, body);
            case "GET" -> {
                String v = values.get(path);
                if (v == null) {
                    reply(ex, 404, "{}");
                } else if (broken.get() && path.startsWith("/counters/")) {
                    reply(ex, 200, "{\"value\":" + v + ",\"writes\":" + writes.get(path) + "}");
                } else {
                    reply(ex, 200, "{\"value\":" + v + "}");
                }
            }
            case "POST" -> order(ex, body);
            case "DELETE" -> reply(ex, values.remove(path) == null ? 404 : 204, "");
            default -> reply(ex, 405, "{}");
        }
    }

    private void put(HttpServerExchange ex, String path, String body) {
        boolean existed = values.put(path, body) != null;
        int n = writes.merge(path, 1, Integer::sum);
        if (path.startsWith("/create/")) {
            ex.getResponseHeaders().put(Headers.LOCATION, broken.get() ? path + "/v" + n : path);
            reply(ex, broken.get() || !existed ? 201 : 200, "{}");
        } else if (path.startsWith("/things/")) {
            reply(ex, 200, broken.get() ? "{\"version\":" + n + "}" : "{\"value\":" + body + "}");
        } else if (path.startsWith("/counters/")) {
            reply(ex, 204, "");
        } else {
            reply(ex, existed ? 200 : 201, "{\"value\":" + body + "}");
        }
    }

    private void order(HttpServerExchange ex, String body) {
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        String seen = key != null ? orders.get("key:" + key) : orders.get("body:" + body);
        if (key != null && seen != null && !broken.get() && !body.equals(orders.get("body-of:" + key))) {
            reply(ex, 422, "{\"error\":\"Idempotency-Key reused for a different request\"}");
            return;
        }
        if (key != null && seen == null) {
            orders.put("body-of:" + key, body);
        }
        if (seen != null && !broken.get()) {
            reply(ex, key != null ? 201 : 200, seen);
            return;
        }
        String made = "{\"id\":" + ids.incrementAndGet() + "}";
        orders.put(key != null ? "key:" + key : "body:" + body, made);
        reply(ex, 201, made);
    }

    private static void reply(HttpServerExchange ex, int status, String body) {
        ex.setStatusCode(status);
        ex.getResponseSender().send(body);
    }

    @Override
    public void close() {
        server.close();
    }
}
