package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.config.RecordedMethods;
import dev.twice.config.TwiceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The attempts behind a finding, at a URL, or with a key, read from a real twice's store. */
class AttemptsApiTest extends ServiceApiTest {

    @Override
    UnaryOperator<TwiceConfig.Builder> config() {
        return b -> b.record(RecordedMethods.parse("ALL"));
    }

    private static List<Long> ids(JsonNode attempts) {
        List<Long> ids = new ArrayList<>();
        attempts.get("items").forEach(i -> ids.add(i.get("id").asLong()));
        return ids;
    }

    @Test
    void aStateFindingShowsEveryAttemptAtTheUrlFromTheOneBeforeInTimeOrderWithTheComparedPairMarked() throws Exception {
        assertEquals(404, api.proxy("GET", "/counters/1", null).statusCode()); // what the URL held before
        api.proxy("PUT", "/counters/1", "1", "Content-Type", "application/json");
        api.proxy("GET", "/counters/1", null);
        api.proxy("PUT", "/counters/1", "1", "Content-Type", "application/json", "x-envoy-attempt-count", "1");
        api.proxy("GET", "/counters/1", null);
        api.proxy("PUT", "/counters/1", "1", "Content-Type", "application/json", "x-envoy-attempt-count", "2");
        api.proxy("GET", "/counters/1", null);
        api.proxy("PUT", "/counters/2", "1", "Content-Type", "application/json"); // another URL: not shown
        JsonNode finding = awaitFinding("put-divergent-state");
        JsonNode attempts =
                api.json("/api/attempts?finding=" + finding.get("id").asLong());

        List<Long> ids = ids(attempts);
        Set<Long> involved = new HashSet<>();
        finding.get("exchangeIds").forEach(i -> involved.add(i.asLong()));
        assertTrue(ids.containsAll(involved), ids + " holds " + involved);
        long first = involved.stream().min(Long::compare).orElseThrow();
        assertTrue(ids.get(0) < first, "the attempt before the first involved one is shown: " + ids);
        assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
        assertEquals(finding.get("evidence").get("compared"), attempts.get("compared"));
        assertFalse(attempts.get("more").asBoolean());

        JsonNode items = attempts.get("items");
        assertTrue(items.get(0).get("sincePreviousMs").isNull());
        int marked = 0;
        Set<String> getBodies = new HashSet<>();
        for (JsonNode item : items) {
            assertEquals("/counters/1", item.get("url").asText());
            assertEquals("test-instance", item.get("instance").asText());
            assertEquals(
                    involved.contains(item.get("id").asLong()),
                    item.get("inFinding").asBoolean());
            if (item.get("compared").asBoolean()) {
                marked++;
                assertEquals("GET", item.get("method").asText(), "the GETs after each PUT are compared");
                getBodies.add(item.get("responseSha256").asText());
            }
            if (item != items.get(0)) {
                assertTrue(item.get("sincePreviousMs").asDouble() >= 0);
            }
        }
        assertEquals(2, marked);
        assertEquals(2, getBodies.size(), "the compared GETs' bodies differ, by their hashes");
        assertTrue(items.toString().contains("\"attemptCount\":\"2\""), items.toString());
    }

    @Test
    void aKeyFindingShowsTheKeysAttemptsAndTheKeyLeadsToTheSame() throws Exception {
        api.proxy("POST", "/orders", "{\"sku\":1}", "Content-Type", "application/json", "Idempotency-Key", "k-1");
        api.proxy("POST", "/orders", "{\"sku\":1}", "Content-Type", "application/json", "Idempotency-Key", "k-1");
        api.proxy("POST", "/orders", "{\"sku\":2}", "Content-Type", "application/json", "Idempotency-Key", "k-2");
        JsonNode finding = awaitFinding("idempotency-key-mismatch");
        JsonNode byFinding =
                api.json("/api/attempts?finding=" + finding.get("id").asLong());
        JsonNode byKey = api.json("/api/attempts?key=k-1");
        assertEquals(2, ids(byFinding).size(), byFinding.toString());
        assertEquals(ids(byFinding), ids(byKey));
        JsonNode a = byKey.get("items").get(0);
        JsonNode b = byKey.get("items").get(1);
        assertEquals("k-1", a.get("idempotencyKey").asText());
        assertEquals(201, a.get("status").asInt());
        assertEquals(a.get("requestSha256"), b.get("requestSha256"), "the same request");
        assertNotEquals(a.get("responseSha256"), b.get("responseSha256"), "answered differently");
        assertTrue(byFinding.get("items").get(0).get("compared").asBoolean());
        assertFalse(byKey.get("items").get(0).get("compared").asBoolean(), "no rule compared for a plain key");
    }

    /** A duplicate POST's attempts are the POSTs of its body: another order at the URL is not a retry. */
    @Test
    void aDuplicatePostShowsThePostsOfItsBodyOnly() throws Exception {
        api.proxy("POST", "/orders", "{\"sku\":1}", "Content-Type", "application/json");
        api.proxy("POST", "/orders", "{\"sku\":7}", "Content-Type", "application/json"); // another order
        api.proxy("POST", "/orders", "{\"sku\":1}", "Content-Type", "application/json");
        JsonNode finding = awaitFinding("post-duplicate");
        JsonNode attempts =
                api.json("/api/attempts?finding=" + finding.get("id").asLong());
        assertEquals(2, attempts.get("items").size(), attempts.toString());
        assertEquals(
                attempts.get("items").get(0).get("requestSha256"),
                attempts.get("items").get(1).get("requestSha256"));
        assertEquals(3, api.json("/api/attempts?url=/orders").get("items").size(), "the URL shows every POST");
    }

    @Test
    void aUrlShowsItsAttemptsAndBadQueriesSayWhy() throws Exception {
        for (int i = 0; i < 3; i++) {
            api.proxy("PUT", "/good/1", "{}", "Content-Type", "application/json");
        }
        api.proxy("PUT", "/good/2", "{}", "Content-Type", "application/json");
        JsonNode atUrl = api.json("/api/attempts?url=/good/1");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (atUrl.get("items").size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            atUrl = api.json("/api/attempts?url=/good/1");
        }
        assertEquals(3, atUrl.get("items").size(), atUrl.toString());
        assertEquals(201, atUrl.get("items").get(0).get("status").asInt());

        assertEquals(400, api.dashboard("/api/attempts").statusCode());
        assertEquals(400, api.dashboard("/api/attempts?url=/a&key=k").statusCode());
        assertEquals(400, api.dashboard("/api/attempts?finding=abc").statusCode());
        assertEquals(404, api.dashboard("/api/attempts?finding=999").statusCode());
        assertTrue(api.json("/api/attempts?key=nobody").get("items").isEmpty());
    }
}
