package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.config.RecordedMethods;
import dev.twice.store.Finding;
import dev.twice.testing.ExternalServer;
import dev.twice.testing.PhpServer;
import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Responses that differ only in what changes by itself are not findings (docs/analysis.md,
 * "Noise"): the request twice was born from, against a real PHP page that embeds a fresh nonce and
 * the time on every answer, gives none; the same page with a visit counter in its text still does;
 * and a JSON API's volatile field is learned from two identical GETs.
 */
class NoiseTest {

    @TempDir
    Path dir;

    /** {@code requests.put(url, data={'key1': 'value1', 'key2': 'value2'})}, header for header. */
    private static HttpResponse<String> seedRequest(TwiceUnderTest twice, String path) throws Exception {
        return twice.send(
                "PUT",
                path,
                "key1=value1&key2=value2",
                "User-Agent",
                "python-requests/2.31.0",
                "Accept-Encoding",
                "gzip, deflate",
                "Accept",
                "*/*",
                "Content-Type",
                "application/x-www-form-urlencoded");
    }

    @Test
    void theSeedRequestAgainstADynamicPhpPageIsNoFinding() throws Exception {
        try (ExternalServer php = PhpServer.start(Files.createDirectories(dir.resolve("php")));
                TwiceUnderTest twice = new TwiceUnderTest(php.url(), dir.resolve("t.db"))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = seedRequest(twice, "/");
                assertEquals(200, r.statusCode());
                assertEquals(
                        "gzip", r.headers().firstValue("Content-Encoding").orElse(""), "the page is gzip, as reported");
                Thread.sleep(1100); // a new second in the page's timestamp
            }
            twice.awaitRecorded(3);
            twice.awaitAnalysed(3);
            assertEquals(List.of(), twice.findings());
        }
    }

    @Test
    void theSamePageWithACounterInItsTextIsStillADivergentResponse() throws Exception {
        try (ExternalServer php = PhpServer.start(Files.createDirectories(dir.resolve("php")));
                TwiceUnderTest twice = new TwiceUnderTest(php.url(), dir.resolve("t.db"))) {
            seedRequest(twice, "/counter/");
            seedRequest(twice, "/counter/");
            Finding f = twice.awaitFinding("put-divergent-response");
            assertEquals("warning", f.severity());
            assertTrue(f.message().contains("Visits: 1") && f.message().contains("Visits: 2"), f.message());
            JsonNode evidence = new ObjectMapper().readTree(f.evidenceJson());
            assertEquals(
                    "body text", evidence.get("differences").get(0).get("where").asText());
            assertEquals(
                    1, evidence.get("differences").size(), "the nonce and the time are not differences: " + evidence);
            assertTrue(evidence.get("ignored").toString().contains("nonce or CSRF token"), evidence.toString());
        }
    }

    @Test
    void aVolatileJsonFieldIsLearnedFromTwoIdenticalGetsForTheUrlAndItsSiblings() throws Exception {
        try (TestUpstream api = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    String name = ex.getRequestMethod().toString().equals("PUT") ? new String(body) : "\"a\"";
                    ex.getResponseSender()
                            .send("{\"name\":" + name + ",\"etag\":\""
                                    + UUID.randomUUID().toString().substring(0, 8) + "\"}");
                });
                TwiceUnderTest twice = new TwiceUnderTest(
                        api.url(), dir.resolve("t.db"), b -> b.record(RecordedMethods.parse("ALL")))) {
            // Before anything is learned, a PUT repeat whose etag changed is a divergent response.
            twice.send("PUT", "/things/1", "\"x\"", "Content-Type", "application/json");
            twice.send("PUT", "/things/1", "\"x\"", "Content-Type", "application/json");
            assertTrue(twice.awaitFinding("put-divergent-response").message().contains("$.etag"));
            // Two identical GETs of a user, nothing written between: $.etag changes by itself there.
            twice.send("GET", "/users/1", null);
            twice.send("GET", "/users/1", null);
            // A sibling's PUT repeats now differ only in the learned noise.
            twice.send("PUT", "/users/2", "\"b\"", "Content-Type", "application/json");
            twice.send("PUT", "/users/2", "\"b\"", "Content-Type", "application/json");
            twice.awaitRecorded(6);
            twice.awaitAnalysed(6);
            List<Finding> findings = twice.findings();
            assertEquals(
                    List.of("/things/1"), findings.stream().map(Finding::url).toList(), findings.toString());
            var learned = twice.proxy.analysis().noise().snapshot();
            assertEquals("/users/{id}", learned.get(0).shape());
            assertEquals(Set.of("$.etag"), learned.get(0).jsonPaths());
        }
    }
}
