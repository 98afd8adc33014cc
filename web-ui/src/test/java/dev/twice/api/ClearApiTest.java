package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Clearing the store of a real twice: guarded and confirmed, and the analysis starts afresh. */
class ClearApiTest extends ServiceApiTest {

    private void await(String what, BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out: " + what);
            }
            Thread.sleep(20);
        }
    }

    private int findings() {
        try {
            return api.json("/api/findings").get("items").size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int exchanges() {
        try {
            return api.json("/api/exchanges").get("items").size();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void put() throws Exception {
        api.proxy("PUT", "/things/1", "{\"n\":1}", "Content-Type", "application/json");
    }

    private HttpResponse<String> clear(String body, String... headers) throws Exception {
        return api.dashboardSend("DELETE", "/api/exchanges", body, headers);
    }

    @Test
    void aConfirmedClearDeletesExchangesAndFindingsAndTheAnalysisStartsAfresh() throws Exception {
        put();
        put();
        await("a finding", () -> findings() == 1);
        HttpResponse<String> r = clear("{\"confirm\":true}", "Content-Type", "application/json");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals(2, body.get("cleared").asLong());
        assertEquals(0, exchanges());
        assertEquals(0, findings());

        put(); // its earlier repeats are gone: no finding from one PUT
        await("the PUT is recorded", () -> exchanges() == 1);
        Thread.sleep(200);
        assertEquals(0, findings(), "the analysis forgot what was cleared");
        put();
        await("a finding of the new PUTs", () -> findings() == 1);
        JsonNode f = api.json("/api/findings").get("items").get(0);
        for (JsonNode id : f.get("exchangeIds")) {
            assertTrue(id.asLong() > body.get("upToId").asLong(), "cites only what is stored: " + f);
        }
    }

    @Test
    void onlyAConfirmedJsonRequestFromTheDashboardsOwnOriginClears() throws Exception {
        put();
        await("recorded", () -> exchanges() == 1);
        String json = "application/json";
        assertEquals(
                403, clear("{\"confirm\":true}", "Content-Type", "text/plain").statusCode());
        assertEquals(
                403,
                clear("{\"confirm\":true}", "Content-Type", json, "Origin", "http://evil.example")
                        .statusCode());
        assertEquals(
                403,
                clear("{\"confirm\":true}", "Content-Type", json, "Sec-Fetch-Site", "cross-site")
                        .statusCode());
        HttpResponse<String> unconfirmed = clear("{\"confirm\":false}", "Content-Type", json);
        assertEquals(400, unconfirmed.statusCode());
        assertTrue(unconfirmed.body().contains("confirm"), unconfirmed.body());
        assertEquals(400, clear("{}", "Content-Type", json).statusCode());
        assertEquals(400, clear("not json", "Content-Type", json).statusCode());
        assertEquals(1, exchanges(), "nothing was cleared");
    }
}
