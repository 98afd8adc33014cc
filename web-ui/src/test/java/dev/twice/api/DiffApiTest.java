package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Any two exchanges of a real twice compared: requests by method, URL, header and body hash; responses as the analysis compares them. */
class DiffApiTest extends ServiceApiTest {

    private static Map<String, JsonNode> byWhere(JsonNode differences) {
        Map<String, JsonNode> out = new HashMap<>();
        differences.forEach(d -> out.put(d.get("where").asText(), d));
        return out;
    }

    @Test
    void twoExchangesAreComparedRequestAndResponse() throws Exception {
        api.proxy("PUT", "/things/1", "{\"n\":1}", "Content-Type", "application/json", "X-Trace", "a");
        api.proxy("PUT", "/things/1", "{\"n\":2}", "Content-Type", "application/json", "X-Trace", "b");
        JsonNode items = api.awaitExchanges(2).get("items");
        long newer = items.get(0).get("id").asLong();
        long older = items.get(1).get("id").asLong();
        JsonNode d = api.json("/api/diff?a=" + older + "&b=" + newer);
        assertEquals(older, d.get("a").asLong());
        Map<String, JsonNode> request = byWhere(d.get("request"));
        assertEquals("a", request.get("X-Trace").get("before").asText());
        assertEquals("b", request.get("X-Trace").get("after").asText());
        assertTrue(request.containsKey("body"), d.toString());
        assertTrue(!request.containsKey("Content-Type") && !request.containsKey("url"), "only what differs");
        Map<String, JsonNode> response = byWhere(d.get("response"));
        assertEquals("1", response.get("$.version").get("before").asText(), d.toString());
        assertEquals("2", response.get("$.version").get("after").asText());

        JsonNode same = api.json("/api/diff?a=" + older + "&b=" + older);
        assertTrue(same.get("request").isEmpty() && same.get("response").isEmpty(), same.toString());
        assertEquals(404, api.dashboard("/api/diff?a=" + older + "&b=999").statusCode());
        assertEquals(400, api.dashboard("/api/diff?a=" + older).statusCode());
        assertEquals(400, api.dashboard("/api/diff?a=x&b=1").statusCode());
    }
}
