package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.Exchange;
import dev.twice.config.ProxyLimits;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/reliability.md D36-D39: clients that trickle, stall, never read, or hoard connections. */
class SlowClientTest {

    @TempDir
    Path dir;

    private TwiceUnderTest twice(TestUpstream upstream, UnaryOperator<ProxyLimits> limits) {
        return new TwiceUnderTest(
                upstream.url(), dir.resolve("slow.db"), b -> b.limits(limits.apply(ProxyLimits.DEFAULT)));
    }

    @Test
    void aHeadTrickledByteByByteIsCutAtTheHeaderDeadlineNotKeptAliveByEachByte() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = twice(upstream, l -> l.withHeaderTimeout(Duration.ofSeconds(1)));
                var client = new RawHttp(twice.port())) {
            long start = System.nanoTime();
            client.write("GET / HTTP/1.1\r\nHost: x\r\n");
            boolean closed = false;
            for (int i = 0; i < 40 && !closed; i++) { // 40 x 100 ms: well past the 1 s deadline
                try {
                    client.write("X-Slow-" + i + ": y\r\n");
                    Thread.sleep(100);
                } catch (IOException e) {
                    closed = true;
                }
                closed = closed || peerClosed(client.socket);
            }
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(closed, "the connection is closed");
            assertTrue(ms < 3000, "closed after " + ms + " ms");
            assertEquals(0, upstream.bytesReceived(), "the upstream heard nothing");
        }
    }

    @Test
    void aBodyThatStallsIsAnsweredWith408AndRecordedAsClientTimeout() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = twice(upstream, l -> l.withBodyTimeout(Duration.ofMillis(500)));
                var client = new RawHttp(twice.port())) {
            client.write("PUT /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");
            String answer = client.readUntil("\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
            assertTrue(answer.contains("Connection: close"), answer);
            Exchange e = twice.onlyExchange();
            assertEquals("client_timeout", e.error());
            assertEquals(408, e.status());
            assertEquals(3, e.requestBody().size());
            Thread.sleep(100);
            assertTrue(upstream.seen.isEmpty(), "the upstream never got a complete request");
        }
    }

    @Test
    void aClientThatNeverReadsTheResponseIsCutAfterTheBodyTimeoutWithBoundedBuffering() throws Exception {
        byte[] mib = new byte[1 << 20];
        try (var upstream = TestUpstream.streaming(ex -> {
                    ex.startBlocking();
                    ex.getResponseHeaders().put(Headers.CONTENT_LENGTH, 64L << 20);
                    OutputStream out = ex.getOutputStream();
                    try {
                        for (int i = 0; i < 64; i++) {
                            out.write(mib);
                        }
                    } catch (IOException gone) {
                        // the proxy gave up on this response
                    }
                });
                var twice = twice(upstream, l -> l.withBodyTimeout(Duration.ofMillis(500)));
                Socket client = new Socket()) {
            client.setReceiveBufferSize(4096);
            client.connect(new InetSocketAddress("127.0.0.1", twice.port()));
            client.getOutputStream().write("PUT /big HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".getBytes());
            Exchange e = twice.onlyExchange(); // recorded once twice gives up; the client has read nothing
            assertEquals("client_timeout", e.error());
            assertEquals(200, e.status());
            assertTrue(e.responseBody().size() < (64L << 20), "the proxy stopped taking the upstream's bytes");
        }
    }

    @Test
    void pastMaxClientConnectionsNewConnectionsWaitWhileExistingOnesKeepWorking() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = twice(upstream, l -> l.withMaxClientConnections(2));
                var first = new RawHttp(twice.port());
                var second = new RawHttp(twice.port());
                var third = new RawHttp(twice.port())) {
            assertTrue(first.write(get()).readUntil("ok").endsWith("ok"));
            assertTrue(second.write(get()).readUntil("ok").endsWith("ok"));
            third.socket.setSoTimeout(500);
            assertEquals("", third.write(get()).readUntil("ok"), "the third waits in the backlog");
            assertTrue(first.write(get()).readUntil("ok").endsWith("ok"), "existing connections keep working");
            second.close();
            third.socket.setSoTimeout(5000);
            assertTrue(third.readUntil("ok").endsWith("ok"), "served once a slot frees");
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = twice(upstream, l -> l.withIdleTimeout(Duration.ofMillis(500)));
                var client = new RawHttp(twice.port())) {
            assertTrue(client.write(get()).readUntil("ok").endsWith("ok"));
            client.socket.setSoTimeout(5000);
            long start = System.nanoTime();
            assertEquals(-1, client.socket.getInputStream().read(), "closed by the proxy");
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(ms >= 300 && ms < 3000, "closed after " + ms + " ms");
        }
    }

    private static String get() {
        return "GET /x HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    /** True when the server has closed: a read returns end of stream (nothing else is expected here). */
    private static boolean peerClosed(Socket socket) throws IOException {
        int old = socket.getSoTimeout();
        socket.setSoTimeout(1);
        try {
            InputStream in = socket.getInputStream();
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            socket.setSoTimeout(old);
        }
    }
}
