package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.Twice;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard shares the proxy's JVM and file descriptors: no client of it may hold memory,
 * threads or connections without bound (docs/security.md, "The dashboard's bounds").
 */
class DashboardBoundsTest {

    @TempDir
    Path dir;

    private TestUpstream upstream;
    private Twice twice;
    private TwiceApiClient api;

    @BeforeEach
    void start() {
        upstream = new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
        twice = TwiceApiClient.start(upstream.url(), dir.resolve("t.db"), b -> b);
        api = new TwiceApiClient(twice);
    }

    @AfterEach
    void stop() {
        twice.close();
        upstream.close();
    }

    private Socket dashboardSocket() throws Exception {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", twice.dashboardAddress().getPort()), 2000);
        return s;
    }

    @Test
    void eventStreamsPastTheCapAreRefusedWith503() throws Exception {
        List<RawHttp> open = new ArrayList<>();
        try {
            for (int i = 0; i < EventStream.MAX_STREAMS; i++) {
                RawHttp stream = new RawHttp(twice.dashboardAddress().getPort());
                open.add(stream);
                String head = stream.write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .readUntil("\r\n\r\n");
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
            }
            var r = api.dashboard("/api/events");
            assertEquals(503, r.statusCode(), r.body());
            assertTrue(r.body().contains("too many event streams"), r.body());
        } finally {
            for (RawHttp s : open) {
                s.close();
            }
        }
    }

    @Test
    void aStreamWhoseClientStopsReadingIsClosedInsteadOfQueueingForever() throws Exception {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(1024); // a client that reads nothing and buffers little
            s.connect(
                    new InetSocketAddress("127.0.0.1", twice.dashboardAddress().getPort()), 2000);
            s.getOutputStream()
                    .write("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(300);
            // Far more events than the bound, each a few hundred bytes: more than the socket buffers hold.
            String body = "x".repeat(200);
            for (int i = 0; i < 6 * EventStream.MAX_PENDING; i++) {
                api.proxy("PUT", "/items/" + i + "/" + "y".repeat(400), body);
            }
            // The server gave up on it: reading now reaches the end of the stream, with a bounded amount before it.
            s.setSoTimeout(20_000);
            long received = 0;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    received += n;
                }
            } catch (SocketException reset) {
                // closed by the server: also the end
            }
            assertTrue(received < 6L * EventStream.MAX_PENDING * 700, "received " + received);
        }
        // Everyone else is still served.
        assertEquals(200, api.dashboard("/api/exchanges").statusCode());
    }

    @Test
    void aHalfSentRequestIsCutAfterTheHeaderTimeout() throws Exception {
        try (Socket s = dashboardSocket()) {
            s.getOutputStream()
                    .write("GET /api/exchanges HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            s.setSoTimeout((int) DashboardServer.HEADER_TIMEOUT.toMillis() + 10_000);
            long started = System.nanoTime();
            byte[] answer = s.getInputStream().readAllBytes();
            long seconds = (System.nanoTime() - started) / 1_000_000_000L;
            assertTrue(seconds <= DashboardServer.HEADER_TIMEOUT.toSeconds() + 5, seconds + " s");
            assertTrue(
                    !new String(answer, StandardCharsets.ISO_8859_1).contains("200 OK"), "no answer to half a request");
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the dashboard kept a half-sent request open", e);
        }
    }

    @Test
    void theHarExportIsBoundedAndSaysWhereToContinue() throws Exception {
        for (int i = 0; i < 3; i++) {
            api.proxy("PUT", "/h/" + i, "x");
        }
        api.awaitExchanges(3);
        JsonNode log = new ObjectMapper()
                .readTree(api.dashboard("/api/export.har?limit=1").body())
                .get("log");
        assertEquals(1, log.get("entries").size());
        assertTrue(
                log.get("comment").asText().contains("before=3"),
                log.get("comment").asText());
        var tooMany = api.dashboard("/api/export.har?limit=" + (HarExport.MAX_ENTRIES + 1));
        assertEquals(400, tooMany.statusCode());
        assertTrue(tooMany.body().contains("limit"), tooMany.body());
        JsonNode all = new ObjectMapper()
                .readTree(api.dashboard("/api/export.har").body())
                .get("log");
        assertEquals(3, all.get("entries").size());
        assertTrue(all.get("comment") == null, all.toString());
    }
}
