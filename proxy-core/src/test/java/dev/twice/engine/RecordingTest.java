package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.config.ByteSize;
import dev.twice.config.RecordedMethods;
import dev.twice.store.ExchangeFilter;
import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingTest {

    @TempDir
    Path dir;

    @Test
    void aPutIsRecordedWithHeadersAndBothBodies() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().add(HttpString.tryFromString("Content-Type"), "application/json");
                    ex.getResponseSender().send("{\"ok\":true}");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            twice.send(
                    "PUT",
                    "/orders/1?v=2",
                    "key1=value1&key2=value2",
                    "Content-Type",
                    "application/x-www-form-urlencoded");
            Exchange e = twice.onlyExchange();
            assertEquals("PUT", e.method());
            assertEquals("/orders/1?v=2", e.url());
            assertEquals(200, e.status());
            assertNull(e.error());
            assertEquals("key1=value1&key2=value2", new String(e.requestBody().stored(), StandardCharsets.UTF_8));
            assertEquals(23, e.requestBody().size());
            assertFalse(e.requestBody().truncated());
            assertTrue(e.requestHeaders().contains(new Header("Content-Type", "application/x-www-form-urlencoded")));
            assertEquals("{\"ok\":true}", new String(e.responseBody().stored(), StandardCharsets.UTF_8));
            assertTrue(e.responseHeaders().contains(new Header("Content-Type", "application/json")));
        }
    }

    @Test
    void onlyTheConfiguredMethodsAreRecordedAndCaseMatters() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(
                        upstream.url(), dir.resolve("t.db"), b -> b.record(RecordedMethods.parse("PUT,POST")))) {
            twice.send("GET", "/a", null);
            twice.send("DELETE", "/a", null);
            twice.send("PATCH", "/a", "x");
            twice.send("post", "/lower", "x");
            twice.send("POST", "/upper", "x");
            assertEquals("/upper", twice.onlyExchange().url());
            assertEquals(5, upstream.seen.size());
            // The writes not recorded are still known to the analysis, by method, URL and status only.
            var marks = twice.queries().recentMarksByUrl("/a", Long.MAX_VALUE, 10);
            assertEquals(
                    List.of("PATCH", "DELETE"),
                    marks.stream().map(m -> m.method()).toList());
            assertEquals(200, marks.get(0).status());
            assertEquals(
                    List.of("post"),
                    twice.queries().recentMarksByUrl("/lower", Long.MAX_VALUE, 10).stream()
                            .map(m -> m.method())
                            .toList());
        }
    }

    @Test
    void anEmptyBodyIsRecordedAsEmpty() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> ex.setStatusCode(204));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            twice.send("POST", "/empty", "");
            Exchange e = twice.onlyExchange();
            assertEquals(0, e.requestBody().size());
            assertArrayEquals(sha256(new byte[0]), e.requestBody().sha256());
            assertEquals(204, e.status());
            assertEquals(0, e.responseBody().size());
        }
    }

    @Test
    void bodiesPastMaxBodyAreTruncatedButHashedWhole() throws Exception {
        byte[] big = new byte[300_000];
        new Random(7).nextBytes(big);
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send(ByteBuffer.wrap(body)));
                var twice = new TwiceUnderTest(
                        upstream.url(), dir.resolve("t.db"), b -> b.maxBody(ByteSize.parse("64KiB")))) {
            var r = twice.http.send(
                    HttpRequest.newBuilder(URI.create(twice.url("/big")))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(big))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertArrayEquals(big, r.body());
            assertArrayEquals(big, upstream.seen.get(0).body());
            Exchange e = twice.onlyExchange();
            assertEquals(big.length, e.requestBody().size());
            assertEquals(65536, e.requestBody().stored().length);
            assertTrue(e.requestBody().truncated());
            assertArrayEquals(sha256(big), e.requestBody().sha256());
            assertArrayEquals(Arrays.copyOf(big, 65536), e.requestBody().stored());
            assertEquals(big.length, e.responseBody().size());
            assertTrue(e.responseBody().truncated());
            assertArrayEquals(sha256(big), e.responseBody().sha256());
        }
    }

    @Test
    void secretHeadersAreRedactedInTheStoreButForwardedIntact() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().add(HttpString.tryFromString("Set-Cookie"), "session=abc");
                    ex.getResponseSender().send("ok");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            twice.send("PUT", "/s", "x", "Authorization", "Bearer secret", "x-api-key", "k", "X-Other", "visible");
            assertEquals("Bearer secret", upstream.seen.get(0).headers().getFirst("Authorization"));
            Exchange e = twice.onlyExchange();
            assertTrue(e.requestHeaders().contains(new Header("Authorization", "[redacted]")));
            assertTrue(e.requestHeaders().contains(new Header("x-api-key", "[redacted]")));
            assertTrue(e.requestHeaders().contains(new Header("X-Other", "visible")));
            assertTrue(e.responseHeaders().contains(new Header("Set-Cookie", "[redacted]")));
        }
    }

    @Test
    void secretQueryValuesAndBodyFieldsAreMaskedInTheStoreButForwardedIntact() throws Exception {
        String login = "{\"user\":\"ann\",\"password\":\"hunter2\"}";
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    ex.getResponseSender().send("{\"access_token\":\"eyJhbGci\",\"expires\":3600}");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            twice.send("POST", "/login?client=web&token=s3cr3t", login, "Content-Type", "application/json");
            assertEquals(login, new String(upstream.seen.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("client=web&token=s3cr3t", upstream.seen.get(0).query());
            Exchange e = twice.onlyExchange();
            assertEquals("/login?client=web&token=******", e.url());
            assertEquals(
                    "{\"user\":\"ann\",\"password\":\"*******\"}",
                    new String(e.requestBody().stored(), StandardCharsets.UTF_8));
            assertEquals(
                    "{\"access_token\":\"********\",\"expires\":3600}",
                    new String(e.responseBody().stored(), StandardCharsets.UTF_8));
            assertFalse(e.requestBody().truncated(), "masking keeps the length");
        }
    }

    @Test
    void thousandsOfConcurrentPutsGiveExactlyThatManyRowsEachWithItsOwnResponse() throws Exception {
        int threads = 16;
        int perThread = 250;
        try (var upstream = new TestUpstream(
                        (ex, body) -> ex.getResponseSender().send("echo:" + new String(body, StandardCharsets.UTF_8)));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String id = thread + "-" + i;
                        var r = twice.send("PUT", "/items/" + id, id);
                        assertEquals("echo:" + id, r.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();
            twice.awaitRecorded(threads * perThread);
            assertEquals(threads * perThread, twice.queries().count());
            assertEquals(0, twice.proxy.stats().dropped());
            for (long id = 1; id <= threads * perThread; id += 97) {
                Exchange e = twice.queries().find(id).orElseThrow().exchange();
                String sent = new String(e.requestBody().stored(), StandardCharsets.UTF_8);
                assertEquals("/items/" + sent, e.url());
                assertEquals("echo:" + sent, new String(e.responseBody().stored(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void concurrentLargeBodiesEachArriveWholeAndAreHashedWhole() throws Exception {
        int threads = 8;
        int perThread = 10;
        try (var upstream = new TestUpstream(
                        (ex, body) -> ex.getResponseSender().send(HexFormat.of().formatHex(sha256(body))));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < perThread; i++) {
                        byte[] body = new byte[65536 + random.nextInt(100_000)];
                        random.nextBytes(body);
                        var r = twice.http.send(
                                HttpRequest.newBuilder(URI.create(twice.url("/big")))
                                        .timeout(Duration.ofSeconds(10))
                                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertEquals(HexFormat.of().formatHex(sha256(body)), r.body());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            twice.awaitRecorded(threads * perThread);
        }
    }

    @Test
    void idsContinueAfterARestartOnTheSameDb() throws Exception {
        Path db = dir.resolve("t.db");
        try (var upstream =
                new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"))) {
            try (var twice = new TwiceUnderTest(upstream.url(), db)) {
                twice.send("PUT", "/first", "1");
                twice.awaitRecorded(1);
            }
            try (var twice = new TwiceUnderTest(upstream.url(), db)) {
                twice.send("PUT", "/second", "2");
                twice.awaitRecorded(1);
                var items = twice.queries().list(ExchangeFilter.all(10)).items();
                assertEquals(
                        List.of("/second", "/first"),
                        items.stream().map(s -> s.url()).toList());
                assertEquals(2, items.get(0).id());
            }
        }
    }

    @Test
    void shutdownWritesEveryQueuedExchangeBeforeClosing() throws Exception {
        Path db = dir.resolve("t.db");
        try (var upstream =
                new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"))) {
            var twice = new TwiceUnderTest(upstream.url(), db);
            for (int i = 0; i < 300; i++) {
                twice.send("POST", "/n/" + i, "b" + i);
            }
            twice.close();
            try (var again = new TwiceUnderTest(upstream.url(), db)) {
                assertEquals(300, again.queries().count());
            }
        }
    }

    static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    /** A handful of exchanges must not leave megabytes of WAL beside the db (64 KiB pages fill it fast). */
    @Test
    void aQuietWriterGivesTheWalBack() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            for (int i = 0; i < 100; i++) {
                twice.send("PUT", "/tiny/" + i, "x");
            }
            twice.awaitRecorded(100);
            Path wal = dir.resolve("t.db-wal");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (Files.size(wal) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, Files.size(wal), "the WAL once recording is quiet");
            assertEquals(
                    100, twice.queries().list(ExchangeFilter.all(500)).items().size());
        }
    }
}
