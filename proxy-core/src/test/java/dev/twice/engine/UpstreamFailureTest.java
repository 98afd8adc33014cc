package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.Exchange;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import dev.twice.testing.TlsUpstream;
import io.undertow.util.HttpString;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamFailureTest {

    @TempDir
    Path dir;

    @Test
    void aRefusedConnectionIsA502AndRecordedWithItsError() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        try (var twice = new TwiceUnderTest("http://127.0.0.1:" + closedPort, dir.resolve("t.db"))) {
            HttpResponse<String> r = twice.send("PUT", "/down", "x");
            assertEquals(502, r.statusCode());
            assertTrue(r.body().contains("refused"));
            Exchange e = twice.onlyExchange();
            assertEquals(502, e.status());
            assertEquals("connect_refused", e.error());
            assertFalse(e.hasResponse());
            assertEquals(1, e.requestBody().size());
        }
    }

    @Test
    void anUpstreamThatNeverAnswersIsA504AfterTheUpstreamTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var upstream = new TestUpstream((ex, body) -> release.await(10, TimeUnit.SECONDS));
                var twice = new TwiceUnderTest(
                        upstream.url(), dir.resolve("t.db"), b -> b.upstreamTimeout(Duration.ofMillis(300)))) {
            long start = System.nanoTime();
            HttpResponse<String> r = twice.send("POST", "/slow", "x");
            release.countDown();
            assertEquals(504, r.statusCode());
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
            assertEquals("upstream_timeout", twice.onlyExchange().error());
        }
    }

    @Test
    void anUpstreamStallingMidBodyBreaksTheClientConnectionInsteadOfEndingIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.setResponseContentLength(1000);
                    ex.getOutputStream().write(new byte[400]);
                    ex.getOutputStream().flush();
                    release.await(10, TimeUnit.SECONDS);
                });
                var twice = new TwiceUnderTest(
                        upstream.url(), dir.resolve("t.db"), b -> b.upstreamTimeout(Duration.ofMillis(500)))) {
            assertThrows(IOException.class, () -> twice.send("PUT", "/stall", "x"));
            release.countDown();
            Exchange e = twice.onlyExchange();
            assertEquals(200, e.status());
            assertEquals("upstream_timeout", e.error());
            assertEquals(400, e.responseBody().size());
        }
    }

    @Test
    void aClientAbortingMidUploadIsRecordedAsClientAbortedWithoutAStatus() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            try (var raw = new RawHttp(twice.port())) {
                raw.write("PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n" + "a".repeat(5000));
                Thread.sleep(200);
            }
            Exchange e = twice.onlyExchange();
            assertEquals("client_aborted", e.error());
            assertNull(e.status());
            assertTrue(upstream.seen.isEmpty(), "the upstream must not see a complete request");
        }
    }

    @Test
    void anHttpsUpstreamWithAnUntrustedCertificateIsA502() throws Exception {
        try (var upstream = TlsUpstream.selfSigned(dir);
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            HttpResponse<String> r = twice.send("PUT", "/tls", "x");
            assertEquals(502, r.statusCode());
            assertEquals("tls", twice.onlyExchange().error());
        }
    }

    @Test
    void aResponseHeaderAddedByTheUpstreamIsRecordedEvenOnErrorStatuses() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> {
                    ex.setStatusCode(500);
                    ex.getResponseHeaders().add(HttpString.tryFromString("X-Trace"), "t1");
                    ex.getResponseSender().send("boom");
                });
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"))) {
            assertEquals(500, twice.send("POST", "/err", "x").statusCode());
            Exchange e = twice.onlyExchange();
            assertEquals(500, e.status());
            assertNull(e.error());
            assertTrue(e.responseHeaders().stream().anyMatch(h -> h.name().equals("X-Trace")));
        }
    }
}
