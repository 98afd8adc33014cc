package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Muting a finding through the API of a real twice: guarded like every state change, kept by repeats. */
class MuteApiTest extends ServiceApiTest {

    private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        return api.dashboardPost(path, body, headers);
    }

    /** Two PUTs of one URL answered with a growing version: one put-divergent-response finding. */
    private JsonNode aFinding() throws Exception {
        api.proxy("PUT", "/things/1", "{\"n\":1}", "Content-Type", "application/json");
        api.proxy("PUT", "/things/1", "{\"n\":1}", "Content-Type", "application/json");
        return awaitFinding("put-divergent-response");
    }

    @Test
    void aFindingIsMutedAndUnmutedAndRepeatsKeepItMuted() throws Exception {
        JsonNode f = aFinding();
        assertFalse(f.get("muted").asBoolean());
        String path = "/api/findings/" + f.get("id").asLong() + "/mute";
        HttpResponse<String> r = post(path, "{\"muted\":true}", "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(new ObjectMapper().readTree(r.body()).get("muted").asBoolean());
        api.proxy("PUT", "/things/1", "{\"n\":1}", "Content-Type", "application/json"); // extends it
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode now = api.json("/api/findings").get("items").get(0);
        while (now.get("exchangeIds").size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = api.json("/api/findings").get("items").get(0);
        }
        assertEquals(3, now.get("exchangeIds").size());
        assertTrue(now.get("muted").asBoolean(), "still muted");
        r = post(path, "{\"muted\":false}", "Content-Type", "application/json");
        assertFalse(new ObjectMapper().readTree(r.body()).get("muted").asBoolean());
    }

    @Test
    void onlyJsonFromTheDashboardsOwnOriginMayMuteAndBadRequestsSayWhy() throws Exception {
        JsonNode f = aFinding();
        String path = "/api/findings/" + f.get("id").asLong() + "/mute";
        String json = "application/json";
        assertEquals(
                403,
                post(path, "{\"muted\":true}", "Content-Type", "text/plain").statusCode());
        assertEquals(403, post(path, "{\"muted\":true}").statusCode(), "no content type");
        assertEquals(
                403,
                post(path, "{\"muted\":true}", "Content-Type", json, "Origin", "http://evil.example")
                        .statusCode());
        assertEquals(
                403,
                post(path, "{\"muted\":true}", "Content-Type", json, "Sec-Fetch-Site", "cross-site")
                        .statusCode());
        assertFalse(api.json("/api/findings").get("items").get(0).get("muted").asBoolean(), "nothing changed");
        HttpResponse<String> bad = post(path, "{\"muted\":\"yes\"}", "Content-Type", json);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("muted"), bad.body());
        assertEquals(400, post(path, "not json", "Content-Type", json).statusCode());
        assertEquals(
                404,
                post("/api/findings/999/mute", "{\"muted\":true}", "Content-Type", json)
                        .statusCode());
        assertEquals(
                404,
                post("/api/findings/x/mute", "{\"muted\":true}", "Content-Type", json)
                        .statusCode());
        String own = "http://127.0.0.1:" + twice.dashboardAddress().getPort();
        assertEquals(
                200,
                post(path, "{\"muted\":true}", "Content-Type", json, "Origin", own)
                        .statusCode());
    }
}
