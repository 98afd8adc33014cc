package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.testing.Gzip;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import io.undertow.util.HttpString;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardingTest {

    @TempDir
    Path dir;

    @Test
    void pathAndQueryReachTheUpstreamByteForByte() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"));
                var raw = new RawHttp(twice.port())) {
            raw.write("GET /a%2Fb/c%20d?x=1&x=2&y=a+b%2f%7E&empty= HTTP/1.1\r\nHost: x\r\n\r\n");
            String answer = raw.readUntil("ok");
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer + upstream.seen);
            assertEquals("/a%2Fb/c%20d", upstream.seen.get(0).uri());
            assertEquals("x=1&x=2&y=a+b%2f%7E&empty=", upstream.seen.get(0).query());
        }
    }

    @Test
    void upstreamBasePathPrefixesEveryPath() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(upstream.url() + "/api/", dir.resolve("t.db"))) {
            twice.send("GET", "/orders?id=7", null);
            assertEquals("/api/orders", upstream.seen.get(0).uri());
            assertEquals("id=7", upstream.seen.get(0).query());
        }
    }

    @Test
    void statusHeadersAndBodyComeBackUnchanged() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.setStatusCode(418);
                    ex.getResponseHeaders().add(HttpString.tryFromString("Set-Cookie"), "a=1");
                    ex.getResponseHeaders().add(HttpString.tryFromString("Set-Cookie"), "b=2");
                    ex.getResponseHeaders().add(HttpString.tryFromString("X-Custom"), "kept");
                    ex.getResponseSender().send("teapot");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            HttpResponse<String> r = twice.send("POST", "/x", "hello");
            assertEquals(418, r.statusCode());
            assertEquals("teapot", r.body());
            assertEquals(List.of("a=1", "b=2"), r.headers().allValues("set-cookie"));
            assertEquals("kept", r.headers().firstValue("x-custom").orElseThrow());
            assertEquals("hello", new String(upstream.seen.get(0).body(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void hopByHopRequestHeadersAreDroppedAndForwardingHeadersAdded() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"));
                var raw = new RawHttp(twice.port())) {
            raw.write("GET /h HTTP/1.1\r\nHost: front.example\r\nConnection: keep-alive, X-Secret\r\n"
                    + "X-Secret: s\r\nKeep-Alive: timeout=5\r\nX-Forwarded-For: 10.9.9.9\r\nForwarded: for=10.9.9.9\r\n"
                    + "X-End: e2e\r\n\r\n");
            assertTrue(raw.readUntil("ok").startsWith("HTTP/1.1 200"));
            var h = upstream.seen.get(0).headers();
            assertNull(h.getFirst("X-Secret"));
            assertNull(h.getFirst("Keep-Alive"));
            assertEquals("e2e", h.getFirst("X-End"));
            assertEquals("10.9.9.9, 127.0.0.1", h.getFirst("X-Forwarded-For"));
            assertEquals("http", h.getFirst("X-Forwarded-Proto"));
            assertEquals("front.example", h.getFirst("X-Forwarded-Host"));
            assertTrue(
                    h.getFirst("Forwarded")
                            .matches(
                                    "for=10\\.9\\.9\\.9, for=\"127\\.0\\.0\\.1:\\d+\";proto=http;host=\"front\\.example\""),
                    h.getFirst("Forwarded"));
            assertTrue(h.getFirst("Via").matches("1\\.1 twice-[0-9a-f]{8}"), h.getFirst("Via"));
            assertEquals(upstream.url().substring("http://".length()), h.getFirst("Host"));
        }
    }

    @Test
    void hopByHopResponseHeadersAreDropped() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().add(HttpString.tryFromString("Connection"), "X-Internal");
                    ex.getResponseHeaders().add(HttpString.tryFromString("X-Internal"), "secret");
                    ex.getResponseHeaders().add(HttpString.tryFromString("Keep-Alive"), "timeout=5");
                    ex.getResponseSender().send("ok");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            HttpResponse<String> r = twice.send("GET", "/", null);
            assertFalse(r.headers().firstValue("x-internal").isPresent());
            assertFalse(r.headers().firstValue("keep-alive").isPresent());
        }
    }

    @Test
    void chunkedRequestBodyIsForwardedWhole() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("got " + body.length));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"));
                var raw = new RawHttp(twice.port())) {
            raw.write(
                    "PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
            assertTrue(raw.readUntil("got 11").contains("got 11"));
            assertEquals("hello world", new String(upstream.seen.get(0).body(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void bodiesLargerThanTheRelayBufferArriveWholeEvenWhenSentInOneWrite() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("got " + body.length));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            for (int size : new int[] {64 * 1024, 64 * 1024 + 1, 200_000}) {
                try (var raw = new RawHttp(twice.port())) {
                    raw.write(
                            "PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n" + "b".repeat(size));
                    String answer = raw.readUntil("got " + size);
                    assertTrue(answer.contains("got " + size), "size " + size + ": " + answer);
                }
            }
        }
    }

    @Test
    void upstreamConnectionsAreReusedAfterBodiesLargerThanTheRelayBuffer() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("got " + body.length));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"), b -> b.maxConnections(2))) {
            String body = "c".repeat(64 * 1024);
            for (int i = 0; i < 20; i++) {
                var r = twice.send("PUT", "/reuse/" + i, body);
                assertEquals(200, r.statusCode(), "request " + i + " (a leaked pooled connection shows as 503)");
                assertEquals("got " + body.length(), r.body());
            }
        }
    }

    @Test
    void expectContinueGetsA100ThenTheFinalResponse() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("stored " + body.length));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"));
                var raw = new RawHttp(twice.port())) {
            raw.write("PUT /e HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n");
            assertTrue(raw.readUntil("100 Continue").contains("HTTP/1.1 100 Continue"));
            raw.write("data");
            assertTrue(raw.readUntil("stored 4").contains("stored 4"));
        }
    }

    @Test
    void redirectsAreRelayedNotFollowed() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.setStatusCode(302);
                    ex.getResponseHeaders().add(HttpString.tryFromString("Location"), "/elsewhere");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            HttpResponse<String> r = twice.send("POST", "/go", "x");
            assertEquals(302, r.statusCode());
            assertEquals("/elsewhere", r.headers().firstValue("location").orElseThrow());
            assertEquals(1, upstream.seen.size());
        }
    }

    @Test
    void a503OnPutReachesTheUpstreamExactlyOnce() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.setStatusCode(503);
                    ex.getResponseHeaders().add(HttpString.tryFromString("Retry-After"), "1");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            assertEquals(503, twice.send("PUT", "/once", "x").statusCode());
            Thread.sleep(1500);
            assertEquals(1, upstream.seen.size());
        }
    }

    @Test
    void gzipResponsesPassCompressed() throws Exception {
        byte[] gz = Gzip.of("<html>hi</html>");
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().add(HttpString.tryFromString("Content-Encoding"), "gzip");
                    ex.getResponseSender().send(ByteBuffer.wrap(gz));
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            var r = twice.http.send(
                    HttpRequest.newBuilder(URI.create(twice.url("/g"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            Assertions.assertArrayEquals(gz, r.body());
        }
    }
}
