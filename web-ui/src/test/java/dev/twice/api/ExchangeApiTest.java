package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.Twice;
import dev.twice.config.ByteSize;
import dev.twice.config.FleetSettings;
import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.testing.FaultyUpstream;
import dev.twice.testing.Gzip;
import dev.twice.testing.TestUpstream;
import io.undertow.util.HttpString;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.DeflaterOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangeApiTest {

    /** {"greeting":"hello from brotli"}, compressed once with the brotli command-line tool. */
    private static final byte[] BROTLI_JSON = bytes(
            0x1f, 0x1f, 0x00, 0xe0, 0x05, 0x74, 0x63, 0xa9, 0xaf, 0x44, 0x5b, 0x3f, 0x47, 0x10, 0x83, 0xd8, 0xc4, 0x34,
            0x44, 0x94, 0x81, 0x22, 0xf7, 0x87, 0x47, 0xda, 0x6c, 0x13, 0x44, 0x5b, 0x0c, 0xd2, 0x2a, 0x79);

    @TempDir
    Path dir;

    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    private TwiceApiClient start(TestUpstream.Handler upstreamHandler) {
        return start(upstreamHandler, b -> {});
    }

    private TwiceApiClient start(TestUpstream.Handler upstreamHandler, Consumer<TwiceConfig.Builder> tweak) {
        TestUpstream upstream = new TestUpstream(upstreamHandler);
        running.add(upstream);
        TwiceConfig.Builder b = TwiceConfig.builder()
                .upstream(Upstream.parse(upstream.url()))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("t.db"));
        tweak.accept(b);
        Twice twice = Twice.start(b.build());
        running.add(twice);
        return new TwiceApiClient(twice);
    }

    @Test
    void theSeedCaseShowsTheFormBodyAndTheDecodedGzipResponse() throws Exception {
        byte[] html = Gzip.of("<html><body>saved</body></html>");
        TwiceApiClient api = start((ex, body) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "text/html; charset=utf-8");
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Encoding"), "gzip");
            ex.getResponseSender().send(ByteBuffer.wrap(html));
        });
        // What python-requests sends for requests.put(url, data={'key1': 'value1', 'key2': 'value2'}).
        api.proxy(
                "PUT",
                "/put",
                "key1=value1&key2=value2",
                "Content-Type",
                "application/x-www-form-urlencoded",
                "User-Agent",
                "python-requests/2.32.3",
                "Accept",
                "*/*",
                "Accept-Encoding",
                "gzip, deflate");
        long id = api.awaitExchanges(1).get("items").get(0).get("id").asLong();
        JsonNode e = api.json("/api/exchanges/" + id);
        assertEquals("PUT", e.get("method").asText());
        assertEquals("/put", e.get("url").asText());
        assertEquals(200, e.get("status").asInt());
        JsonNode req = e.get("request").get("body");
        assertEquals("key1=value1&key2=value2", req.get("text").asText());
        assertEquals("application/x-www-form-urlencoded", req.get("contentType").asText());
        assertTrue(req.get("contentEncoding").isNull());
        JsonNode res = e.get("response").get("body");
        assertEquals("<html><body>saved</body></html>", res.get("text").asText());
        assertEquals("gzip", res.get("contentEncoding").asText());
        assertEquals(html.length, res.get("size").asInt());
        assertEquals(html.length, res.get("stored").asInt());
        assertFalse(res.get("truncated").asBoolean());
        assertEquals(64, res.get("sha256").asText().length());
    }

    @Test
    void aSummaryHasExactlyTheFieldsOfTheSpec() throws Exception {
        TwiceApiClient api = start((ex, body) -> ex.getResponseSender().send("ok"));
        api.proxy("POST", "/orders?x=1", "{}");
        JsonNode s = api.awaitExchanges(1).get("items").get(0);
        List<String> fields = new ArrayList<>();
        s.fieldNames().forEachRemaining(fields::add);
        assertEquals(
                List.of(
                        "id",
                        "instance",
                        "origin",
                        "startedAt",
                        "method",
                        "url",
                        "status",
                        "durationMs",
                        "requestSize",
                        "responseSize",
                        "error",
                        "findings",
                        "truncated"),
                fields);
        assertTrue(s.get("startedAt").asText().endsWith("Z"));
        assertEquals(FleetSettings.LOCAL.instance(), s.get("instance").asText(), "the host name by default");
        assertTrue(s.get("durationMs").isNumber());
        assertTrue(s.get("error").isNull());
        assertTrue(s.get("findings").isArray());
    }

    @Test
    void pagesFollowEachOtherWithNoOverlapAndNoGap() throws Exception {
        TwiceApiClient api = start((ex, body) -> ex.getResponseSender().send("ok"));
        for (int i = 1; i <= 7; i++) {
            api.proxy("PUT", "/p/" + i, "b");
        }
        api.awaitExchanges(7);
        List<String> urls = new ArrayList<>();
        String next = "";
        int pages = 0;
        do {
            JsonNode page = api.json("/api/exchanges?limit=3" + (next.isEmpty() ? "" : "&before=" + next));
            page.get("items").forEach(i -> urls.add(i.get("url").asText()));
            next = page.get("next").isNull() ? "" : page.get("next").asText();
            pages++;
        } while (!next.isEmpty());
        assertEquals(3, pages);
        assertEquals(List.of("/p/7", "/p/6", "/p/5", "/p/4", "/p/3", "/p/2", "/p/1"), urls);
    }

    @Test
    void filtersSelectByMethodUrlTextAndStatusOrStatusClass() throws Exception {
        TwiceApiClient api = start((ex, body) -> {
            ex.setStatusCode(ex.getRequestPath().contains("missing") ? 404 : 201);
            ex.endExchange();
        });
        api.proxy("PUT", "/users/1", "a");
        api.proxy("POST", "/orders", "b");
        api.proxy("POST", "/missing", "c");
        api.awaitExchanges(3);
        assertEquals(1, api.json("/api/exchanges?method=PUT").get("items").size());
        assertEquals(2, api.json("/api/exchanges?method=POST").get("items").size());
        assertEquals(
                "/orders",
                api.json("/api/exchanges?url=ord")
                        .get("items")
                        .get(0)
                        .get("url")
                        .asText());
        assertEquals(2, api.json("/api/exchanges?status=201").get("items").size());
        assertEquals(2, api.json("/api/exchanges?status=2xx").get("items").size());
        assertEquals(1, api.json("/api/exchanges?status=4xx").get("items").size());
        assertEquals(
                0,
                api.json("/api/exchanges?url=%27%20OR%201%3D1%20--")
                        .get("items")
                        .size());
    }

    /** q= searches URLs, header lines and decoded bodies, whatever the case; the HAR export follows it. */
    @Test
    void aSearchFindsTextInUrlsHeadersAndDecodedBodies() throws Exception {
        TwiceApiClient api = start((ex, body) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Encoding"), "gzip");
            String path = ex.getRequestPath();
            ex.getResponseSender()
                    .send(ByteBuffer.wrap(Gzip.of(path.endsWith("2") ? "{\"state\":\"Shipped\"}" : "{}")));
        });
        api.proxy("PUT", "/orders/1", "{\"sku\":\"Blue-Widget\"}", "Content-Type", "application/json");
        api.proxy("PUT", "/orders/2", "{}", "Content-Type", "application/json", "X-Tenant", "acme-eu");
        api.proxy("PUT", "/carts/3", "{}", "Content-Type", "application/json");
        api.awaitExchanges(3);
        for (String[] c : new String[][] {
            {"blue-WIDGET", "/orders/1"}, // a request body
            {"shipped", "/orders/2"}, // a gzip response body, decoded
            {"x-tenant:%20ACME", "/orders/2"}, // a header line
            {"CARTS", "/carts/3"}, // the URL
        }) {
            JsonNode items = api.json("/api/exchanges?q=" + c[0]).get("items");
            assertEquals(1, items.size(), c[0] + ": " + items);
            assertEquals(c[1], items.get(0).get("url").asText());
        }
        assertEquals(
                2, api.json("/api/exchanges?q=orders&method=PUT").get("items").size());
        assertEquals(0, api.json("/api/exchanges?q=nowhere").get("items").size());
        assertTrue(api.json("/api/exchanges?q=nowhere").get("next").isNull());
        JsonNode har = api.json("/api/export.har?q=shipped");
        assertEquals(1, har.get("log").get("entries").size());
    }

    @Test
    void aBadParameterIsA400NamingIt() throws Exception {
        TwiceApiClient api = start((ex, body) -> ex.endExchange());
        for (String[] c : new String[][] {
            {"status=abc", "status"},
            {"status=6xx", "status"},
            {"limit=0", "limit"},
            {"limit=501", "limit"},
            {"limit=ten", "limit"},
            {"before=-3", "before"},
            {"method=G%20T", "method"},
            {"q=" + "x".repeat(201), "q"}
        }) {
            var r = api.dashboard("/api/exchanges?" + c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            assertTrue(r.body().contains("'" + c[1] + "'"), r.body());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        }
    }

    @Test
    void anUnknownExchangeIsA404WithAJsonError() throws Exception {
        TwiceApiClient api = start((ex, body) -> ex.endExchange());
        var r = api.dashboard("/api/exchanges/12345");
        assertEquals(404, r.statusCode());
        assertTrue(r.body().contains("\"error\""));
        assertEquals(404, api.dashboard("/api/exchanges/not-a-number").statusCode());
    }

    @Test
    void deflateAndBrotliResponsesAreShownDecoded() throws Exception {
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(deflated)) {
            z.write("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        }
        TwiceApiClient api = start((ex, body) -> {
            boolean br = ex.getRequestPath().endsWith("br");
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Encoding"), br ? "br" : "deflate");
            ex.getResponseSender().send(ByteBuffer.wrap(br ? BROTLI_JSON : deflated.toByteArray()));
        });
        api.proxy("POST", "/deflate", "x");
        api.proxy("POST", "/br", "x");
        JsonNode items = api.awaitExchanges(2).get("items");
        JsonNode br = api.json("/api/exchanges/" + items.get(0).get("id").asLong())
                .get("response")
                .get("body");
        JsonNode deflate = api.json("/api/exchanges/" + items.get(1).get("id").asLong())
                .get("response")
                .get("body");
        assertEquals("{\"greeting\":\"hello from brotli\"}", br.get("text").asText());
        assertEquals("{\"a\":1}", deflate.get("text").asText());
    }

    @Test
    void binaryBodiesComeAsBase64OfTheStoredBytes() throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
        TwiceApiClient api = start((ex, body) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "image/png");
            ex.getResponseSender().send(ByteBuffer.wrap(png));
        });
        api.proxy("PUT", "/img", "x");
        long id = api.awaitExchanges(1).get("items").get(0).get("id").asLong();
        JsonNode body = api.json("/api/exchanges/" + id).get("response").get("body");
        assertFalse(body.has("text"));
        assertEquals(Base64.getEncoder().encodeToString(png), body.get("base64").asText());
    }

    @Test
    void aTruncatedBodySaysSoAndKeepsItsFullSize() throws Exception {
        TwiceApiClient api =
                start((ex, body) -> ex.getResponseSender().send("fine"), b -> b.maxBody(ByteSize.parse("10B")));
        api.proxy("PUT", "/long", "0123456789abcdefghij", "Content-Type", "text/plain");
        long id = api.awaitExchanges(1).get("items").get(0).get("id").asLong();
        JsonNode body = api.json("/api/exchanges/" + id).get("request").get("body");
        assertEquals(20, body.get("size").asInt());
        assertEquals(10, body.get("stored").asInt());
        assertTrue(body.get("truncated").asBoolean());
        assertEquals("0123456789", body.get("text").asText());
        assertTrue(
                api.json("/api/exchanges").get("items").get(0).get("truncated").asBoolean());
    }

    @Test
    void headersKeepDuplicatesAndRedactedValuesStayRedacted() throws Exception {
        TwiceApiClient api = start((ex, body) -> {
            ex.getResponseHeaders().add(HttpString.tryFromString("Set-Cookie"), "a=1");
            ex.getResponseHeaders().add(HttpString.tryFromString("Set-Cookie"), "b=2");
            ex.getResponseHeaders().add(HttpString.tryFromString("X-Multi"), "one");
            ex.getResponseHeaders().add(HttpString.tryFromString("X-Multi"), "two");
            ex.getResponseSender().send("ok");
        });
        api.proxy("PUT", "/h", "x", "Authorization", "Bearer hunter2");
        long id = api.awaitExchanges(1).get("items").get(0).get("id").asLong();
        JsonNode e = api.json("/api/exchanges/" + id);
        String all = e.toString();
        assertFalse(all.contains("hunter2"));
        assertTrue(all.contains("[\"X-Multi\",\"one\"],[\"X-Multi\",\"two\"]"), all);
        assertTrue(all.contains("[\"Set-Cookie\",\"[redacted]\"],[\"Set-Cookie\",\"[redacted]\"]"), all);
    }

    @Test
    void upstreamFailuresAppearWithTheirStatusAndErrorAndNoResponse() throws Exception {
        TwiceApiClient api =
                start((ex, body) -> ex.endExchange(), b -> b.upstream(Upstream.parse("http://127.0.0.1:1")));
        assertEquals(502, api.proxy("PUT", "/down", "x").statusCode());
        JsonNode s = api.awaitExchanges(1).get("items").get(0);
        assertEquals(502, s.get("status").asInt());
        assertEquals("connect_refused", s.get("error").asText());
        assertTrue(api.json("/api/exchanges/" + s.get("id").asLong())
                .get("response")
                .isNull());
    }

    @Test
    void healthIsOkWhileRecordingAndDegradedWithAReasonWhenItIsOff() throws Exception {
        TwiceApiClient ok = start((ex, body) -> ex.endExchange());
        assertEquals("ok", ok.json("/healthz").get("status").asText());
        stop();
        running.clear();
        TwiceApiClient off = start((ex, body) -> ex.endExchange(), b -> b.db(dir.resolve("missing/dir/t.db")));
        JsonNode health = off.json("/healthz");
        assertEquals("degraded", health.get("status").asText());
        assertTrue(health.get("reason").asText().contains("recording off"));
    }

    @Test
    void healthSaysDegradedWhileTheUpstreamIsUnreachableAndOkOnceItAnswers() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TwiceApiClient api =
                start((ex, body) -> ex.endExchange(), b -> b.upstream(Upstream.parse("http://127.0.0.1:" + port)));
        assertEquals(502, api.proxy("PUT", "/early", "x").statusCode());
        JsonNode down = api.json("/healthz");
        assertEquals("degraded", down.get("status").asText());
        assertTrue(down.get("reason").asText().contains("upstream unreachable: connect_refused"), down.toString());
        assertFalse(down.get("upstream").get("reachable").asBoolean());
        try (var upstream = new FaultyUpstream(
                port,
                n -> FaultyUpstream.Reply.of(
                        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", FaultyUpstream.Then.KEEP_ALIVE))) {
            assertEquals(200, api.proxy("PUT", "/later", "x").statusCode());
            JsonNode up = api.json("/healthz");
            assertEquals("ok", up.get("status").asText(), up.toString());
            assertTrue(up.get("upstream").get("reachable").asBoolean());
        }
    }

    @Test
    void theHarExportHoldsTheFilteredExchangesAsHar12() throws Exception {
        TwiceApiClient api = start((ex, body) -> {
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
            ex.getResponseSender().send("{\"ok\":true}");
        });
        api.proxy("PUT", "/a?x=1", "key1=value1", "Content-Type", "application/x-www-form-urlencoded");
        api.proxy("POST", "/b", "{\"n\":1}", "Content-Type", "application/json");
        api.proxy("PUT", "/c", "z");
        api.awaitExchanges(3);
        var r = api.dashboard("/api/export.har");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("content-disposition").orElse("").contains("attachment"));
        JsonNode log = new ObjectMapper().readTree(r.body()).get("log");
        assertEquals("1.2", log.get("version").asText());
        JsonNode entries = log.get("entries");
        assertEquals(3, entries.size());
        JsonNode a = entries.get(2);
        assertEquals("PUT", a.get("request").get("method").asText());
        assertTrue(a.get("request").get("url").asText().endsWith("/a?x=1"), a.toString());
        assertEquals("key1=value1", a.get("request").get("postData").get("text").asText());
        assertEquals(200, a.get("response").get("status").asInt());
        assertEquals(
                "{\"ok\":true}", a.get("response").get("content").get("text").asText());
        JsonNode posts = new ObjectMapper()
                .readTree(api.dashboard("/api/export.har?method=POST").body())
                .get("log")
                .get("entries");
        assertEquals(1, posts.size());
        assertEquals(
                1,
                new ObjectMapper()
                        .readTree(api.dashboard("/api/export.har?limit=1").body())
                        .get("log")
                        .get("entries")
                        .size());
    }

    @Test
    void everyDashboardResponseCarriesTheSecurityHeaders() throws Exception {
        TwiceApiClient api = start((ex, body) -> ex.endExchange());
        for (String path : new String[] {"/", "/api/exchanges", "/nope"}) {
            var r = api.dashboard(path);
            assertTrue(
                    r.headers().firstValue("content-security-policy").orElse("").contains("frame-ancestors 'none'"),
                    path);
            assertEquals(
                    "nosniff", r.headers().firstValue("x-content-type-options").orElse(""), path);
        }
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
