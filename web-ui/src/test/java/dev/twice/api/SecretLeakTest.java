package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.Twice;
import dev.twice.testing.Gzip;
import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every shape a secret was seen to reach the store in, sent through a real twice: afterwards no
 * secret may be found in the db files, the API, the HAR, the event stream, the findings or the log
 * (docs/security.md, "What is masked").
 */
class SecretLeakTest {

    @TempDir
    Path dir;

    private TestUpstream upstream;
    private Twice twice;
    private TwiceApiClient api;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Handler logHandler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            log.add(r.getMessage() + " " + (r.getThrown() == null ? "" : r.getThrown()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void start() {
        Logger.getLogger("").addHandler(logHandler);
        AtomicInteger tokens = new AtomicInteger();
        upstream = new TestUpstream((ex, body) -> {
            if (ex.getRequestPath().equals("/token")) {
                // A token endpoint answering gzip, as it does for clients that ask for it (Python, Go).
                ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
                // Tokens vary in length (JWTs do): masked values of different lengths still differ.
                int n = tokens.incrementAndGet();
                ex.getResponseSender()
                        .send(ByteBuffer.wrap(Gzip.of("{\"access_token\":\"ROTTOKQ"
                                + String.valueOf(n).repeat(n) + "\",\"token_type\":\"bearer\"}")));
                return;
            }
            ex.getResponseSender().send("ok");
        });
        twice = TwiceApiClient.start(upstream.url(), dir.resolve("t.db"), b -> b);
        api = new TwiceApiClient(twice);
    }

    @AfterEach
    void stop() {
        twice.close();
        upstream.close();
        Logger.getLogger("").removeHandler(logHandler);
    }

    @Test
    void noSecretReachesTheDbTheApiTheHarTheEventsTheFindingsOrTheLog() throws Exception {
        List<String> secrets = new ArrayList<>(List.of("ROTTOKQ1", "ROTTOKQ22"));
        api.proxy("PUT", "/token", "{}", "Accept-Encoding", "gzip", "Content-Type", "application/json");
        api.proxy("PUT", "/token", "{}", "Accept-Encoding", "gzip", "Content-Type", "application/json");
        String[][] bodies = {
            {"application/json", ")]}'\n{\"password\":\"S3CRET01\"}"},
            {"application/json", "{\"n\":NaN,\"password\":\"S3CRET02\"}"},
            {"application/json", "{/*c*/\"password\":\"S3CRET03\"}"},
            {"application/json", "{\"pass\\u0077ord\":\"S3CRET04\"}"},
            {"application/x-www-form-urlencoded", "pass%77ord=S3CRET05"},
            {"text/plain", "{\"password\":\"S3CRET06\"}"},
            {null, "{\"password\":\"S3CRET07\"}"},
            {"text/json", "{\"password\":\"S3CRET08\"}"},
            {"application/x-json", "{\"password\":\"S3CRET09\"}"},
            {
                "multipart/form-data; boundary=XyZ",
                "--XyZ\r\nContent-Disposition: form-data; name=\"password\"\r\n\r\n" + "S3CRET10\r\n--XyZ--\r\n"
            },
            {"application/json", "{\"accessToken\":\"S3CRET13\",\"clientSecret\":\"S3CRET14\",\"pwd\":\"S3CRET15\"}"},
            {"application/x-www-form-urlencoded", "a=1;secret=S3CRET16"},
        };
        for (String[] b : bodies) {
            List<String> headers = new ArrayList<>();
            if (b[0] != null) {
                headers.add("Content-Type");
                headers.add(b[0]);
            }
            api.proxy("POST", "/a", b[1], headers.toArray(String[]::new));
        }
        api.proxy(
                "POST",
                "/a",
                "{\"password\":\"S3CRET11\"}",
                "Content-Type",
                "application/json",
                "Content-Encoding",
                "identity, identity");
        api.proxy("POST", "/a", "{}", "Content-Type", "application/json", "X-Auth-Token", "S3CRET12");
        api.proxy("GET", "/q?a=1;secret=S3CRET17", null);
        for (int i = 1; i <= 17; i++) {
            secrets.add(String.format("S3CRET%02d", i));
        }
        int total = 2 + bodies.length + 2; // GET is not recorded by default
        api.awaitExchanges(total);
        JsonNode finding = awaitFinding();
        JsonNode difference = finding.get("evidence").get("differences").get(0);
        assertEquals("$.access_token", difference.get("where").asText(), finding.toString());
        assertTrue(difference.get("before").asText().contains("withheld"), difference.toString());

        StringBuilder everything = new StringBuilder();
        twice.close(); // flushes the WAL's content into the db file too; read the files as they were left
        for (Path file : dbFiles()) {
            everything.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        }
        start2();
        for (JsonNode item : api.json("/api/exchanges?limit=500").get("items")) {
            everything.append(
                    api.dashboard("/api/exchanges/" + item.get("id").asText()).body());
        }
        everything.append(api.dashboard("/api/export.har").body());
        everything.append(api.dashboard("/api/findings").body());
        everything.append(events());
        everything.append(String.join("\n", log));
        String all = everything.toString();
        for (String secret : secrets) {
            assertFalse(all.contains(secret), secret + " leaked");
        }
        assertTrue(all.contains("token_type"), "the exports were actually read");
    }

    @Test
    void theDbAndItsWalAreReadableByTheirOwnerOnly() throws Exception {
        api.proxy("PUT", "/x", "{}");
        api.awaitExchanges(1);
        for (Path file : dbFiles()) {
            assertEquals(
                    "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
        }
        assertTrue(dbFiles().size() >= 2, "the db and its -wal: " + dbFiles());
    }

    /** A second twice on the same db: the one the first left behind, as an operator would open it. */
    private void start2() {
        twice = TwiceApiClient.start(upstream.url(), dir.resolve("t.db"), b -> b);
        api = new TwiceApiClient(twice);
    }

    private List<Path> dbFiles() throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("t.db"))
                    .toList();
        }
    }

    private JsonNode awaitFinding() throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        JsonNode items = api.json("/api/findings").get("items");
        while (items.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            items = api.json("/api/findings").get("items");
        }
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    /** The event stream replayed from the start, read for a moment. */
    private String events() throws Exception {
        HttpURLConnection c = (HttpURLConnection)
                new URL("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/api/events").openConnection();
        c.setRequestProperty("Last-Event-ID", "0");
        c.setReadTimeout(1500);
        StringBuilder out = new StringBuilder();
        try (InputStream in = c.getInputStream()) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException enough) {
            // a stream never ends: what arrived within the timeout is the replay
        }
        assertTrue(
                out.toString().contains("event:exchange") || out.toString().contains("event: exchange"),
                out.toString());
        return out.toString();
    }
}
