package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.config.ByteSize;
import dev.twice.config.RecordedMethods;
import dev.twice.sample.SampleService;
import dev.twice.store.Finding;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule against a scenario service: the broken variant gives exactly its finding, the correct one none. */
class AnalysisTest {

    @TempDir
    Path dir;

    private SampleService upstream;
    private TwiceUnderTest twice;

    @BeforeEach
    void start() {
        upstream = SampleService.start();
        twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"), b -> b.record(RecordedMethods.parse("ALL")));
    }

    @AfterEach
    void stop() {
        twice.close();
        upstream.close();
    }

    @Test
    void aPutAnswered201TwiceIsADuplicateCreate() throws Exception {
        put("/broken/users/1", "alice");
        put("/broken/users/1", "alice");
        Finding f = onlyFinding("put-duplicate-create");
        assertEquals("violation", f.severity());
        assertEquals("/broken/users/1", f.url());
        assertEquals(List.of(1L, 2L), f.exchangeIds());
        JsonNode evidence = evidence(f);
        assertTrue(evidence.get("standard").asText().contains("§9.3.4"));
        assertEquals("Location", evidence.get("differences").get(0).get("where").asText());
    }

    @Test
    void anUpsertAnswering201Then200WithOnlyUpdatedAtChangedIsFine() throws Exception {
        put("/ok/users/1", "alice");
        put("/ok/users/1", "alice");
        put("/ok/users/1", "alice");
        assertNoFindings();
    }

    @Test
    void aRepeatedPutWhoseResponseChangesIsADivergentResponseNamingTheJsonPath() throws Exception {
        put("/broken/counters/c", "v");
        put("/other/x", "unrelated write elsewhere");
        put("/broken/counters/c", "v");
        Finding f = onlyFinding("put-divergent-response");
        assertEquals("warning", f.severity());
        JsonNode d = evidence(f).get("differences").get(0);
        assertEquals("$.value", d.get("where").asText());
        assertTrue(d.get("before").asText().startsWith("\"v-v"), d.toString());
        assertTrue(f.message().contains("$.value"), f.message());
    }

    @Test
    void putAThenBThenAIsNotARepeat() throws Exception {
        put("/broken/counters/c", "A");
        put("/broken/counters/c", "B");
        put("/broken/counters/c", "A");
        assertNoFindings();
    }

    @Test
    void theSameBodyToTwoUrlsIsNotARepeat() throws Exception {
        put("/broken/counters/a", "same");
        put("/broken/counters/b", "same");
        assertNoFindings();
    }

    @Test
    void gzipJsonResponsesAreComparedAsJsonIgnoringUpdatedAt() throws Exception {
        put("/ok/gzip/g", "v");
        put("/ok/gzip/g", "v");
        assertNoFindings();
    }

    @Test
    void bodiesThatDifferOnlyPastMaxBodyStillCompareAsDifferent() throws Exception {
        twice.close();
        twice = new TwiceUnderTest(upstream.url(), dir.resolve("cut.db"), b -> b.maxBody(ByteSize.parse("16B")));
        String head = "x".repeat(100);
        put("/broken/counters/long", head);
        put("/broken/counters/long", head);
        Finding f = onlyFinding("put-divergent-response");
        assertEquals("body", evidence(f).get("differences").get(0).get("where").asText());
    }

    @Test
    void identicalPostsWithoutAKeyCreatingTwoOrdersAreADuplicate() throws Exception {
        post("/broken/orders", "{\"item\":1}");
        post("/broken/orders", "{\"item\":1}");
        Finding f = onlyFinding("post-duplicate");
        assertEquals("violation", f.severity());
        assertTrue(evidence(f).get("standard").asText().contains("§9.3.3"));
    }

    @Test
    void aServerIgnoringTheIdempotencyKeyIsAMismatch() throws Exception {
        post("/broken/orders", "{\"item\":1}", "Idempotency-Key", "\"k1\"", "x-envoy-attempt-count", "1");
        post("/broken/orders", "{\"item\":1}", "Idempotency-Key", "k1", "x-envoy-attempt-count", "2");
        Finding f = onlyFinding("idempotency-key-mismatch");
        assertEquals("violation", f.severity());
        JsonNode e = evidence(f);
        assertTrue(e.get("standard").asText().contains("§2.6"));
        assertTrue(e.get("retryHints").toString().contains("attempt 2"), e.toString());
        assertTrue(e.get("differences").toString().contains("$.id"), e.toString());
    }

    @Test
    void aServerReplayingTheStoredResponseForAKnownKeyIsCorrect() throws Exception {
        post("/ok/orders", "{\"item\":1}", "Idempotency-Key", "k2");
        post("/ok/orders", "{\"item\":1}", "Idempotency-Key", "k2");
        assertNoFindings();
    }

    @Test
    void aReusedKeyAcceptedForAnotherBodyIsAReuseViolation() throws Exception {
        post("/broken/orders", "{\"item\":1}", "Idempotency-Key", "k3");
        post("/broken/orders", "{\"item\":2}", "Idempotency-Key", "k3");
        Finding f = onlyFinding("idempotency-key-reuse");
        assertTrue(evidence(f).get("standard").asText().contains("§2.2"));
    }

    @Test
    void aReusedKeyRefusedWith422IsCorrect() throws Exception {
        post("/ok/orders", "{\"item\":1}", "Idempotency-Key", "k4");
        post("/ok/orders", "{\"item\":2}", "Idempotency-Key", "k4");
        assertNoFindings();
    }

    @Test
    void aRetryOfTheOriginalAfterARefusedReuseIsNotAReuse() throws Exception {
        post("/ok/orders", "{\"item\":1}", "Idempotency-Key", "k6");
        post("/ok/orders", "{\"item\":2}", "Idempotency-Key", "k6");
        post("/ok/orders", "{\"item\":1}", "Idempotency-Key", "k6");
        assertNoFindings();
    }

    @Test
    void aConcurrentRetryAnswered409WhileTheFirstIsInFlightIsCorrect() throws Exception {
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> {
            try {
                post("/ok/slow-orders", "{}", "Idempotency-Key", "k5");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(200);
        assertEquals(409, post("/ok/slow-orders", "{}", "Idempotency-Key", "k5").statusCode());
        first.get();
        assertNoFindings();
    }

    @Test
    void getsAfterAPutAndItsRepeatThatDifferAreADivergentState() throws Exception {
        put("/broken/counters/s", "v");
        twice.send("GET", "/broken/counters/s", null);
        put("/broken/counters/s", "v");
        twice.send("GET", "/broken/counters/s", null);
        Finding f = twice.awaitFinding("put-divergent-state");
        assertEquals("violation", f.severity());
        assertEquals(4, f.exchangeIds().size());
    }

    @Test
    void getsAfterAPutAndItsRepeatThatAgreeAreFine() throws Exception {
        put("/ok/counters/s", "v");
        twice.send("GET", "/ok/counters/s", null);
        put("/ok/counters/s", "v");
        twice.send("GET", "/ok/counters/s", null);
        assertNoFindings();
    }

    @Test
    void aDeleteAnswered204Then404IsCorrect() throws Exception {
        twice.send("DELETE", "/ok/items/d", null);
        twice.send("DELETE", "/ok/items/d", null);
        assertNoFindings();
    }

    @Test
    void repeatsExtendTheirFindingInsteadOfMakingNewOnes() throws Exception {
        for (int i = 0; i < 3; i++) {
            put("/broken/users/9", "bob");
        }
        twice.awaitAnalysed(3);
        List<Finding> all = twice.findings();
        assertEquals(1, all.size(), all.toString());
        assertEquals(List.of(1L, 2L, 3L), all.get(0).exchangeIds());
    }

    @Test
    void findingsSurviveARestartAndAreNotDuplicatedByIt() throws Exception {
        put("/broken/users/2", "carol");
        put("/broken/users/2", "carol");
        onlyFinding("put-duplicate-create");
        twice.close();
        twice = new TwiceUnderTest(upstream.url(), dir.resolve("t.db"));
        put("/broken/users/2", "carol");
        twice.awaitAnalysed(1);
        List<Finding> all = twice.findings();
        assertEquals(1, all.size(), all.toString());
        assertEquals(List.of(1L, 2L, 3L), all.get(0).exchangeIds());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return twice.send("PUT", path, body, "Content-Type", "text/plain");
    }

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return twice.send("POST", path, body, all);
    }

    private Finding onlyFinding(String rule) throws Exception {
        Finding f = twice.awaitFinding(rule);
        List<Finding> all = twice.findings();
        assertEquals(1, all.size(), "expected only " + rule + ", found " + all);
        return f;
    }

    private void assertNoFindings() throws Exception {
        twice.awaitAnalysed(twice.proxy.stats().recorded());
        assertEquals(List.of(), twice.findings());
    }

    private static JsonNode evidence(Finding f) throws Exception {
        return new ObjectMapper().readTree(f.evidenceJson());
    }
}
