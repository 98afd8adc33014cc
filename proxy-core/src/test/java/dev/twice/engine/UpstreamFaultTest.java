package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.testing.Conversation;
import dev.twice.testing.Conversation.Outcome;
import dev.twice.testing.Conversation.Writes;
import dev.twice.testing.FaultyUpstream;
import dev.twice.testing.FaultyUpstream.Reply;
import dev.twice.testing.FaultyUpstream.Then;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/reliability.md section E against an upstream that misbehaves on a raw socket: what the client
 * gets, what is recorded, and that nothing is ever relayed from a response twice cannot trust.
 */
class UpstreamFaultTest {

    private static final String PUT = "PUT /f HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nx";
    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    /** {@code status}: what the client reads, or null when its connection is cut mid-response. */
    record Fault(String item, String name, Reply reply, Integer status, Integer recordedStatus, String error) {
        @Override
        public String toString() {
            return item + " " + name;
        }
    }

    @TempDir
    Path dir;

    static List<Fault> faults() {
        List<Fault> f = new ArrayList<>();
        f.add(refused(
                "E47",
                "Content-Length with Transfer-Encoding",
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"));
        // HttpCore's parser trims the name and turns NUL into SP before twice sees the head; twice
        // re-serialises every header, so the client gets clean lines, never the upstream's bytes.
        f.add(normalised("E47", "space before the colon", "HTTP/1.1 200 OK\r\nContent-Length : 2\r\n\r\nok"));
        f.add(normalised(
                "E47", "NUL in a header value", "HTTP/1.1 200 OK\r\nX: a\u0000b\r\nContent-Length: 2\r\n\r\nok"));
        f.add(refused(
                "E47", "header line without a colon", "HTTP/1.1 200 OK\r\nNoColon\r\nContent-Length: 2\r\n\r\nok"));
        // Unfolded to one SP before relaying, which RFC 9112 §5.2 allows a proxy instead of 502.
        f.add(normalised(
                "E47",
                "obs-fold is unfolded, never relayed folded",
                "HTTP/1.1 200 OK\r\nX: a\r\n b\r\nContent-Length: 2\r\n\r\nok"));
        f.add(refused(
                "E47",
                "two different Content-Lengths",
                "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"));
        f.add(refused("E47", "garbage status line", "HTTZ/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));
        f.add(refused(
                "E48",
                "header line over 8 KiB",
                "HTTP/1.1 200 OK\r\nX-Big: " + "a".repeat(9000) + "\r\nContent-Length: 2\r\n\r\nok"));
        f.add(refused(
                "E48",
                "more than 100 header lines",
                "HTTP/1.1 200 OK\r\n" + "X-H: v\r\n".repeat(101) + "Content-Length: 2\r\n\r\nok"));
        f.add(refused(
                "E53",
                "unsolicited 101",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: other\r\nConnection: upgrade\r\n\r\n"));
        f.add(new Fault(
                "E53",
                "103 Early Hints before the final response",
                Reply.of("HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n" + OK, Then.KEEP_ALIVE),
                200,
                200,
                null));
        f.add(new Fault(
                "E53",
                "100 Continue before the final response",
                Reply.of("HTTP/1.1 100 Continue\r\n\r\n" + OK, Then.KEEP_ALIVE),
                200,
                200,
                null));
        f.add(new Fault(
                "E46",
                "Content-Length 1000 but 400 bytes, then close",
                Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + "a".repeat(400), Then.CLOSE),
                null,
                200,
                "upstream_truncated"));
        f.add(new Fault(
                "E46",
                "chunked without its last chunk, then close",
                Reply.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n", Then.CLOSE),
                null,
                200,
                "upstream_truncated"));
        f.add(new Fault(
                "E47",
                "invalid chunk size after the head was relayed",
                Reply.of(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZ\r\nhello\r\n0\r\n\r\n",
                        Then.KEEP_ALIVE),
                null,
                200,
                "upstream_truncated"));
        f.add(new Fault("E43", "closes without answering", Reply.of("", Then.CLOSE), 502, 502, "upstream_reset"));
        f.add(new Fault(
                "E45", "accepts the request, never answers", Reply.of("", Then.STALL), 504, 504, "upstream_timeout"));
        f.add(new Fault(
                "E46",
                "stalls in the middle of the body",
                Reply.of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", Then.STALL),
                null,
                200,
                "upstream_timeout"));
        f.add(new Fault(
                "E49",
                "a redirect is relayed, not followed",
                Reply.of(
                        "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:1/elsewhere\r\nContent-Length: 0\r\n\r\n",
                        Then.KEEP_ALIVE),
                302,
                302,
                null));
        f.add(new Fault(
                "E51",
                "503 on a PUT is relayed once, never retried",
                Reply.of(
                        "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n",
                        Then.KEEP_ALIVE),
                503,
                503,
                null));
        return f;
    }

    private static Fault normalised(String item, String name, String response) {
        return new Fault(item, name, Reply.of(response, Then.KEEP_ALIVE), 200, 200, null);
    }

    private static Fault refused(String item, String name, String response) {
        return new Fault(item, name, Reply.of(response, Then.KEEP_ALIVE), 502, 502, "upstream_protocol");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void faultyUpstream(Fault fault) throws Exception {
        try (var upstream = new FaultyUpstream(n -> fault.reply());
                var twice = new TwiceUnderTest(
                        upstream.url(), dir.resolve("f.db"), b -> b.upstreamTimeout(Duration.ofMillis(700)))) {
            Outcome outcome = Conversation.exchange(
                    twice.port(),
                    (PUT.replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n")).getBytes(StandardCharsets.ISO_8859_1),
                    Writes.WHOLE,
                    5_000);
            assertTrue(outcome.closedByServer(), "the exchange ends");
            if (fault.status() == null) {
                // Cut: the client gets nothing at all, or a head and a body it can tell is short.
                assertTrue(outcome.raw().isEmpty() || !isComplete(outcome.raw()), outcome.raw());
            } else {
                assertEquals(List.of(fault.status()), outcome.statuses(), outcome.raw());
                assertFalse(
                        outcome.raw().contains("\u0000")
                                || outcome.raw().contains(" :")
                                || outcome.raw().contains("\r\n "),
                        "only clean header lines reach the client");
            }
            Exchange e = twice.onlyExchange();
            assertEquals(fault.recordedStatus(), e.status());
            assertEquals(fault.error(), e.error());
            assertEquals(1, upstream.requests.size(), "the upstream got the request exactly once");
        }
    }

    /** A response whose framing the client can check: all its Content-Length bytes, or a last chunk. */
    private static boolean isComplete(String raw) {
        int end = raw.indexOf("\r\n\r\n");
        String head = raw.substring(0, end).toLowerCase(Locale.ROOT);
        String body = raw.substring(end + 4);
        Matcher cl = Pattern.compile("content-length: (\\d+)").matcher(head);
        if (cl.find()) {
            return body.length() == Integer.parseInt(cl.group(1));
        }
        return !head.contains("transfer-encoding: chunked") || body.endsWith("0\r\n\r\n");
    }

    @Test
    void obsTextInHeaderValuesPassesByteForByteInBothDirections() throws Exception {
        // docs/reliability.md F58: bytes 0x80-0xFF in values are legal obs-text; nothing may turn them into '?'.
        try (var upstream = new FaultyUpstream(n -> Reply.of(
                        "HTTP/1.1 200 OK\r\nX-Back: caf\u00e9 \u0080\u009f\u00ff\r\nContent-Length: 2\r\n\r\nok",
                        Then.KEEP_ALIVE));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("f.db"))) {
            Outcome o = Conversation.exchange(
                    twice.port(),
                    ("PUT /q?v=%FF%FE HTTP/1.1\r\nHost: x\r\n"
                                    + "X-Bin: caf\u00e9 \u0080\u009f\u00ff\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx")
                            .getBytes(StandardCharsets.ISO_8859_1),
                    Writes.WHOLE,
                    5_000);
            assertTrue(o.raw().contains("\r\nX-Back: caf\u00e9 \u0080\u009f\u00ff\r\n"), o.raw());
            String seen = upstream.requests.get(0);
            assertTrue(seen.startsWith("PUT /q?v=%FF%FE HTTP/1.1\r\n"), seen);
            assertTrue(seen.contains("\r\nX-Bin: caf\u00e9 \u0080\u009f\u00ff\r\n"), seen);
            assertTrue(
                    twice.onlyExchange().requestHeaders().contains(new Header("X-Bin", "caf\u00e9 \u0080\u009f\u00ff")),
                    "stored losslessly");
        }
    }

    @Test
    void aPooledConnectionTheUpstreamClosedWhileIdleNeverResendsAWrite() throws Exception {
        // Closes after every answer without saying so; the next PUT must not be written on the dead connection and then
        // resent.
        try (var upstream = new FaultyUpstream(n -> Reply.of(OK, Then.CLOSE));
                var twice = new TwiceUnderTest(upstream.url(), dir.resolve("f.db"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(200, twice.send("PUT", "/again", "x").statusCode());
                Thread.sleep(1100); // past the pool's validate-after-inactivity
            }
            assertEquals(3, upstream.requests.size(), "each PUT reached the upstream exactly once");
        }
    }

    @Test
    void anUpstreamThatNeverCompletesTheHandshakeIs504AfterTheConnectTimeout() throws Exception {
        // A backlog of 1 that is never accepted: once it is full, the kernel drops further SYNs.
        try (ServerSocket blackhole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(blackhole.getLocalSocketAddress(), 200);
                    } catch (IOException full) {
                        break;
                    }
                    fillers.add(s);
                }
                try (var twice = new TwiceUnderTest(
                        "http://127.0.0.1:" + blackhole.getLocalPort(),
                        dir.resolve("f.db"),
                        b -> b.connectTimeout(Duration.ofMillis(500)))) {
                    long start = System.nanoTime();
                    assertEquals(504, twice.send("PUT", "/hang", "x").statusCode());
                    assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos());
                    assertEquals("connect_timeout", twice.onlyExchange().error());
                }
            } finally {
                for (Socket s : fillers) {
                    s.close();
                }
            }
        }
    }

    @Test
    void anUpstreamThatIsDownAtStartIs502UntilItComesUp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (var twice = new TwiceUnderTest("http://127.0.0.1:" + port, dir.resolve("f.db"))) {
            assertEquals(502, twice.send("PUT", "/early", "x").statusCode());
            try (var upstream = new FaultyUpstream(port, n -> Reply.of(OK, Then.KEEP_ALIVE))) {
                assertEquals(200, twice.send("PUT", "/later", "x").statusCode());
            }
        }
    }
}
