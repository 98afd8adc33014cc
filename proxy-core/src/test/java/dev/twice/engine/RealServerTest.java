package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twice.config.RecordedMethods;
import dev.twice.store.Finding;
import dev.twice.testing.ExternalServer;
import dev.twice.testing.JsonServer;
import dev.twice.testing.NginxDav;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * twice in front of real servers nobody on the project wrote, started on loopback by the test:
 * nginx's WebDAV module, which implements PUT and DELETE correctly, must get no finding at all;
 * json-server, whose POST creates a new resource every time and which ignores Idempotency-Key,
 * must get exactly the findings it deserves and none for its clean PUT repeats.
 */
class RealServerTest {

    @TempDir
    Path dir;

    private static final String FORM = "key=value"; // requests.put(url, data={'key': 'value'})

    @Test
    void nginxWebDavGetsNoFindingWithTheDefaultRecording() throws Exception {
        try (ExternalServer dav = NginxDav.start(Files.createDirectories(dir.resolve("dav")));
                TwiceUnderTest twice = new TwiceUnderTest(dav.url(), dir.resolve("t.db"))) {
            exerciseWebDav(twice);
            assertNoFindings(twice);
        }
    }

    @Test
    void nginxWebDavGetsNoFindingWithGetsRecordedToo() throws Exception {
        try (ExternalServer dav = NginxDav.start(Files.createDirectories(dir.resolve("dav")));
                TwiceUnderTest twice = new TwiceUnderTest(
                        dav.url(), dir.resolve("t.db"), b -> b.record(RecordedMethods.parse("ALL")))) {
            exerciseWebDav(twice);
            assertNoFindings(twice);
        }
    }

    /** With only PUT recorded, the DELETE between two creating PUTs is still seen (the reported false positive). */
    @Test
    void aDeleteThatIsNotRecordedStillBreaksTheRepeat() throws Exception {
        try (ExternalServer dav = NginxDav.start(Files.createDirectories(dir.resolve("dav")));
                TwiceUnderTest twice = new TwiceUnderTest(
                        dav.url(), dir.resolve("t.db"), b -> b.record(RecordedMethods.parse("PUT,POST")))) {
            assertEquals(201, send(twice, "PUT", "/x", "same").statusCode());
            assertEquals(204, send(twice, "DELETE", "/x", null).statusCode());
            assertEquals(201, send(twice, "PUT", "/x", "same").statusCode());
            assertNoFindings(twice);
        }
    }

    /** The history that survives a restart knows of the unrecorded DELETE too. */
    @Test
    void anUnrecordedDeleteIsRememberedAcrossARestart() throws Exception {
        try (ExternalServer dav = NginxDav.start(Files.createDirectories(dir.resolve("dav")))) {
            Path db = dir.resolve("t.db");
            try (TwiceUnderTest twice =
                    new TwiceUnderTest(dav.url(), db, b -> b.record(RecordedMethods.parse("PUT")))) {
                assertEquals(201, send(twice, "PUT", "/r", "same").statusCode());
                assertEquals(204, send(twice, "DELETE", "/r", null).statusCode());
                twice.awaitRecorded(1);
            }
            try (TwiceUnderTest twice =
                    new TwiceUnderTest(dav.url(), db, b -> b.record(RecordedMethods.parse("PUT")))) {
                assertEquals(201, send(twice, "PUT", "/r", "same").statusCode());
                twice.awaitRecorded(1);
                twice.awaitAnalysed(1);
                assertEquals(List.of(), twice.findings());
            }
        }
    }

    @Test
    void jsonServerGetsExactlyTheFindingsItDeserves() throws Exception {
        try (ExternalServer rest = JsonServer.start(
                        Files.createDirectories(dir.resolve("rest")),
                        "{\"orders\":[{\"id\":1,\"item\":\"pen\"}],\"payments\":[]}");
                TwiceUnderTest twice = new TwiceUnderTest(rest.url(), dir.resolve("t.db"))) {
            String order = "{\"item\":\"book\",\"qty\":1}";
            assertEquals(201, send(twice, "POST", "/orders", order).statusCode());
            assertEquals(201, send(twice, "POST", "/orders", order).statusCode());
            String payment = "{\"amount\":10}";
            assertEquals(
                    201,
                    send(twice, "POST", "/payments", payment, "Idempotency-Key", "pay-1")
                            .statusCode());
            assertEquals(
                    201,
                    send(twice, "POST", "/payments", payment, "Idempotency-Key", "pay-1")
                            .statusCode());
            // Clean PUT repeats, and a PATCH between two PUTs.
            String pen = "{\"id\":1,\"item\":\"pen\",\"qty\":3}";
            for (int i = 0; i < 3; i++) {
                assertEquals(200, send(twice, "PUT", "/orders/1", pen).statusCode());
            }
            assertEquals(200, send(twice, "PATCH", "/orders/1", "{\"qty\":4}").statusCode());
            assertEquals(200, send(twice, "PUT", "/orders/1", pen).statusCode());
            assertEquals(200, send(twice, "DELETE", "/orders/1", null).statusCode());
            twice.awaitRecorded(10);
            twice.awaitAnalysed(10);
            List<Finding> findings = twice.findings();
            assertEquals(
                    List.of("idempotency-key-mismatch", "post-duplicate"),
                    findings.stream().map(Finding::rule).sorted().toList(),
                    findings.toString());
            Finding duplicate = findings.stream()
                    .filter(f -> f.rule().equals("post-duplicate"))
                    .findFirst()
                    .orElseThrow();
            assertEquals("violation", duplicate.severity(), "two different ids: the server says it created two");
            assertEquals(List.of(1L, 2L), duplicate.exchangeIds());
        }
    }

    private static void exerciseWebDav(TwiceUnderTest twice) throws Exception {
        // Create, overwrite, overwrite again: 201 then 204s.
        assertEquals(201, send(twice, "PUT", "/docs/a.txt", "alpha").statusCode());
        assertEquals(204, send(twice, "PUT", "/docs/a.txt", "alpha").statusCode());
        assertEquals(204, send(twice, "PUT", "/docs/a.txt", "alpha").statusCode());
        // A, B, A.
        assertEquals(204, send(twice, "PUT", "/docs/a.txt", "beta").statusCode());
        assertEquals(204, send(twice, "PUT", "/docs/a.txt", "alpha").statusCode());
        // DELETE, then PUT creates again.
        assertEquals(204, send(twice, "DELETE", "/docs/a.txt", null).statusCode());
        assertEquals(201, send(twice, "PUT", "/docs/a.txt", "alpha").statusCode());
        // A form body, as Python requests sends data={'key': 'value'}.
        String form = "application/x-www-form-urlencoded";
        assertEquals(
                201, send(twice, "PUT", "/form", FORM, "Content-Type", form).statusCode());
        assertEquals(
                204, send(twice, "PUT", "/form", FORM, "Content-Type", form).statusCode());
        // 5 MiB of binary, twice, and read back whole.
        byte[] blob = new byte[5 << 20];
        new Random(7).nextBytes(blob);
        assertEquals(201, sendBytes(twice, "/blob.bin", blob).statusCode());
        assertEquals(204, sendBytes(twice, "/blob.bin", blob).statusCode());
        HttpResponse<byte[]> back = twice.http.send(
                HttpRequest.newBuilder(URI.create(twice.url("/blob.bin"))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertArrayEquals(blob, back.body());
        // MKCOL, COPY and MOVE: a MOVE onto a URL is a write to it.
        assertEquals(201, send(twice, "MKCOL", "/dir/", null).statusCode());
        assertEquals(201, send(twice, "PUT", "/dir/one", "1").statusCode());
        assertSuccess(send(twice, "COPY", "/dir/one", null, "Destination", twice.url("/dir/two")));
        assertEquals(204, send(twice, "PUT", "/dir/two", "1").statusCode());
        assertSuccess(send(twice, "MOVE", "/dir/two", null, "Destination", twice.url("/dir/three")));
        assertEquals(201, send(twice, "PUT", "/dir/two", "1").statusCode());
        // A GET between repeats shows the same representation.
        assertEquals(200, send(twice, "GET", "/dir/one", null).statusCode());
        assertEquals(204, send(twice, "PUT", "/dir/one", "1").statusCode());
        assertEquals(200, send(twice, "GET", "/dir/one", null).statusCode());
        twice.awaitAnalysed(twice.awaitStats(s -> s.queueDepth() == 0).recorded());
    }

    private static void assertSuccess(HttpResponse<String> r) {
        assertEquals(2, r.statusCode() / 100, r.statusCode() + " " + r.body());
    }

    private static void assertNoFindings(TwiceUnderTest twice) throws Exception {
        Thread.sleep(200);
        twice.awaitAnalysed(twice.proxy.stats().recorded());
        assertEquals(List.of(), twice.findings());
    }

    private static HttpResponse<String> send(
            TwiceUnderTest twice, String method, String path, String body, String... headers) throws Exception {
        String[] all = headers;
        if (body != null && headers.length == 0) {
            all = new String[] {"Content-Type", body.startsWith("{") ? "application/json" : "text/plain"};
        }
        return twice.send(method, path, body, all);
    }

    private static HttpResponse<String> sendBytes(TwiceUnderTest twice, String path, byte[] body) throws Exception {
        return twice.http.send(
                HttpRequest.newBuilder(URI.create(twice.url(path)))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
