package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.Twice;
import dev.twice.config.RecordedMethods;
import dev.twice.testing.TestUpstream;
import io.undertow.util.Headers;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /api/noise: what two identical GETs showed changing by itself, per URL shape, and which GETs showed it. */
class NoiseApiTest {

    @TempDir
    Path dir;

    @Test
    void learnedNoiseIsListedWithTheGetsItWasLearnedFrom() throws Exception {
        try (TestUpstream upstream = new TestUpstream((ex, body) -> {
                    ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    ex.getResponseSender()
                            .send("{\"name\":\"a\",\"items\":[{\"etag\":\"" + UUID.randomUUID() + "\"}]}");
                });
                Twice twice = TwiceApiClient.start(
                        upstream.url(), dir.resolve("t.db"), b -> b.record(RecordedMethods.parse("ALL")))) {
            TwiceApiClient api = new TwiceApiClient(twice);
            assertEquals("{\"items\":[]}", api.json("/api/noise").toString());
            api.proxy("GET", "/users/7", null);
            api.proxy("GET", "/users/7", null);
            long deadline = System.currentTimeMillis() + 5000;
            JsonNode items = api.json("/api/noise").get("items");
            while (items.isEmpty() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
                items = api.json("/api/noise").get("items");
            }
            assertEquals(1, items.size(), items.toString());
            assertEquals("/users/{id}", items.get(0).get("urlShape").asText());
            assertEquals("[\"$.items[*].etag\"]", items.get(0).get("jsonPaths").toString());
            assertEquals("[]", items.get(0).get("textLines").toString());
            assertEquals("[1,2]", items.get(0).get("learnedFrom").toString());
            assertTrue(api.json("/api/findings").get("items").isEmpty());
        }
    }
}
