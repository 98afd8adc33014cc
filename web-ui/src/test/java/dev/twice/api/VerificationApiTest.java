package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.Twice;
import dev.twice.config.RecordedMethods;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verification against a real upstream, through the API (docs/verification.md). */
class VerificationApiTest {

    @TempDir
    Path dir;

    private final SwitchableService upstream = new SwitchableService();
    private Twice twice;
    private TwiceApiClient api;

    private void start(boolean allow) {
        twice = TwiceApiClient.start(
                upstream.url(),
                dir.resolve("t.db"),
                b -> b.allowVerify(allow).record(RecordedMethods.parse("PUT,POST,PATCH,DELETE,GET")));
        api = new TwiceApiClient(twice);
    }

    @AfterEach
    void stop() {
        if (twice != null) {
            twice.close();
        }
        upstream.close();
    }

    private HttpResponse<String> post(String body, String... headers) throws Exception {
        return api.dashboardPost("/api/verifications", body, headers);
    }

    /**
     * Records one exchange through the proxy and returns its id: the newest exchange of that method
     * and URL once one more of them is listed (recording is asynchronous, and what was sent just
     * before may land after this one is counted).
     */
    private long recorded(String method, String path, String body, String... headers) throws Exception {
        long before = matching(method, path).size();
        api.proxy(method, path, body, headers);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Long> ids = matching(method, path);
        while (ids.size() <= before && System.nanoTime() < deadline) {
            Thread.sleep(10);
            ids = matching(method, path);
        }
        return ids.get(0);
    }

    private List<Long> matching(String method, String path) throws Exception {
        List<Long> ids = new ArrayList<>();
        for (JsonNode s : api.json("/api/exchanges?limit=500").get("items")) {
            if (s.get("method").asText().equals(method) && s.get("url").asText().equals(path)) {
                ids.add(s.get("id").asLong());
            }
        }
        return ids;
    }

    private JsonNode verify(long exchangeId) throws Exception {
        HttpResponse<String> r = post("{\"exchangeId\":" + exchangeId + "}", "Content-Type", "application/json");
        assertEquals(202, r.statusCode(), r.body());
        long id = new ObjectMapper().readTree(r.body()).get("id").asLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode v = api.json("/api/verifications/" + id);
        while (v.get("state").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            v = api.json("/api/verifications/" + id);
        }
        return v;
    }

    @Test
    void withoutTheFlagAVerificationIsRefusedNamingIt() throws Exception {
        start(false);
        long id = recorded("PUT", "/good/1", "1");
        HttpResponse<String> r = post("{\"exchangeId\":" + id + "}", "Content-Type", "application/json");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("--allow-verify"), r.body());
    }

    @Test
    void onlyJsonFromTheDashboardsOwnOriginMayStartOne() throws Exception {
        start(true);
        long id = recorded("PUT", "/good/1", "1");
        String body = "{\"exchangeId\":" + id + "}";
        assertEquals(403, post(body, "Content-Type", "text/plain").statusCode());
        assertEquals(403, post(body).statusCode(), "no content type");
        assertEquals(
                403,
                post(body, "Content-Type", "application/json", "Origin", "http://evil.example")
                        .statusCode());
        assertEquals(
                403,
                post(body, "Content-Type", "application/json", "Sec-Fetch-Site", "cross-site")
                        .statusCode());
        String own = "http://127.0.0.1:" + twice.dashboardAddress().getPort();
        assertEquals(
                202,
                post(body, "Content-Type", "application/json", "Origin", own).statusCode());
    }

    @Test
    void aPutWhoseResponsesNeverChangeButWhoseGetCountsIsNotIdempotentAndItsTrafficIsItsOwn() throws Exception {
        start(true);
        long id = recorded("PUT", "/counters/1", "7");
        JsonNode v = verify(id);
        assertEquals("not-idempotent", v.get("state").asText(), v.toString());
        assertEquals(5, v.get("steps").size());
        List<String> methods = new ArrayList<>();
        v.get("steps").forEach(s -> methods.add(s.get("method").asText()));
        assertEquals(List.of("GET", "PUT", "GET", "PUT", "GET"), methods);
        assertEquals(
                "GET after: $.writes", v.get("differences").get(0).get("where").asText());
        for (JsonNode step : v.get("steps")) {
            assertNotNull(step.get("exchangeId"), step.toString());
            JsonNode recorded =
                    api.json("/api/exchanges/" + step.get("exchangeId").asLong());
            assertEquals("verification", recorded.get("origin").asText());
        }
        Thread.sleep(500);
        assertEquals(0, api.json("/api/findings").get("items").size(), "the passive rules never judge it");
        assertEquals("client", api.json("/api/exchanges/" + id).get("origin").asText());
    }

    @Test
    void aPutWhoseResponseBumpsAVersionIsNotIdempotent() throws Exception {
        start(true);
        JsonNode v = verify(recorded("PUT", "/things/1", "7"));
        assertEquals("not-idempotent", v.get("state").asText(), v.toString());
        assertEquals("$.version", v.get("differences").get(0).get("where").asText());
    }

    @Test
    void aWellBehavedPutIsIdempotent() throws Exception {
        start(true);
        JsonNode v = verify(recorded("PUT", "/good/1", "7"));
        assertEquals("idempotent", v.get("state").asText(), v.toString());
        assertEquals(0, v.get("differences").size());
    }

    @Test
    void aDeleteIsJudgedByTheGetsAfterIt() throws Exception {
        start(true);
        api.proxy("PUT", "/good/2", "7");
        long delete = recorded("DELETE", "/good/2", null);
        api.proxy("PUT", "/good/2", "7"); // there again, so the verification's DELETE has something to delete
        JsonNode v = verify(delete);
        assertEquals("idempotent", v.get("state").asText(), v.toString());
        List<Integer> statuses = new ArrayList<>();
        v.get("steps").forEach(s -> statuses.add(s.get("status").asInt()));
        assertEquals(List.of(200, 204, 404, 404, 404), statuses, "a second DELETE may say 404: the GETs agree");
    }

    @Test
    void aPostThatHonoursItsKeyIsIdempotentAndOneThatIgnoresItIsNot() throws Exception {
        start(true);
        upstream.broken.set(false);
        JsonNode honoured = verify(recorded("POST", "/orders", "{\"sku\":1}", "Idempotency-Key", "k1"));
        assertEquals("idempotent", honoured.get("state").asText(), honoured.toString());
        upstream.broken.set(true);
        JsonNode ignored = verify(recorded("POST", "/orders", "{\"sku\":2}", "Idempotency-Key", "k2"));
        assertEquals("not-idempotent", ignored.get("state").asText(), ignored.toString());
        assertEquals("$.id", ignored.get("differences").get(0).get("where").asText());
    }

    @Test
    void aPostWithoutAKeyIsNotVerified() throws Exception {
        start(true);
        long id = recorded("POST", "/orders", "{\"sku\":1}");
        HttpResponse<String> r = post("{\"exchangeId\":" + id + "}", "Content-Type", "application/json");
        assertEquals(422, r.statusCode());
        assertTrue(r.body().contains("Idempotency-Key"), r.body());
        assertEquals(
                404,
                post("{\"exchangeId\":999}", "Content-Type", "application/json").statusCode());
        assertEquals(
                400,
                post("{\"exchange\":1}", "Content-Type", "application/json").statusCode());
    }

    @Test
    void anUpstreamThatNeedsARedactedCredentialMakesItInconclusive() throws Exception {
        start(true);
        long id = recorded("PUT", "/secure/1", "7", "Authorization", "Bearer s3cret");
        JsonNode v = verify(id);
        assertEquals("inconclusive", v.get("state").asText(), v.toString());
        assertEquals("Authorization", v.get("sentWithout").get(0).asText());
    }

    @Test
    void anUpstreamThatDiesMidwayIsAnErrorNamingTheStep() throws Exception {
        start(true);
        long id = recorded("PUT", "/dies/1", "7");
        JsonNode v = verify(id);
        assertEquals("error", v.get("state").asText(), v.toString());
        assertTrue(v.get("message").asText().startsWith("step 2 (PUT /dies/1)"), v.toString());
    }
}
