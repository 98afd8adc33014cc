package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.Twice;
import dev.twice.testing.TestUpstream;
import io.undertow.util.HttpString;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsApiTest {

    @TempDir
    Path dir;

    private TestUpstream upstream;
    private Twice twice;
    private TwiceApiClient api;

    @BeforeEach
    void start() {
        AtomicInteger ids = new AtomicInteger();
        upstream = new TestUpstream((ex, body) -> { // every PUT "creates" the resource again
            ex.setStatusCode(201);
            ex.getResponseHeaders().put(HttpString.tryFromString("Location"), "/users/" + ids.incrementAndGet());
            ex.getResponseHeaders().put(HttpString.tryFromString("Content-Type"), "application/json");
            ex.getResponseSender().send("{\"id\":" + ids.get() + "}");
        });
        twice = TwiceApiClient.start(upstream.url(), dir.resolve("t.db"), b -> b);
        api = new TwiceApiClient(twice);
    }

    @AfterEach
    void stop() {
        twice.close();
        upstream.close();
    }

    private JsonNode awaitFindings(int n) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        JsonNode page = api.json("/api/findings");
        while (page.get("items").size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
            page = api.json("/api/findings");
        }
        assertEquals(n, page.get("items").size(), page.toString());
        return page;
    }

    @Test
    void aFindingHasTheSpecShapeWithItsEvidence() throws Exception {
        api.proxy("PUT", "/users/1", "{\"name\":\"a\"}");
        api.proxy("PUT", "/users/1", "{\"name\":\"a\"}");
        JsonNode f = awaitFindings(1).get("items").get(0);
        List<String> fields = new ArrayList<>();
        f.fieldNames().forEachRemaining(fields::add);
        assertEquals(
                List.of(
                        "id",
                        "rule",
                        "severity",
                        "method",
                        "url",
                        "exchangeIds",
                        "message",
                        "firstSeen",
                        "lastSeen",
                        "evidence",
                        "muted"),
                fields);
        assertEquals("put-duplicate-create", f.get("rule").asText());
        assertEquals("violation", f.get("severity").asText());
        assertEquals("/users/1", f.get("url").asText());
        assertEquals("[1,2]", f.get("exchangeIds").toString());
        assertTrue(f.get("evidence").get("standard").asText().startsWith("RFC 9110"));
        // When the traffic happened, in the API's one time format (six fractional digits).
        String first = api.json("/api/exchanges/1").get("startedAt").asText();
        assertEquals(first, f.get("firstSeen").asText());
        String pattern = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
        assertTrue(first.matches(pattern), first);
        assertTrue(
                f.get("lastSeen").asText().matches(pattern), f.get("lastSeen").asText());
        assertTrue(f.get("lastSeen")
                        .asText()
                        .compareTo(api.json("/api/exchanges/2").get("startedAt").asText())
                >= 0);
    }

    @Test
    void summariesNameTheirFindingsAndTheFindingFilterSelectsThem() throws Exception {
        api.proxy("PUT", "/users/1", "x");
        api.proxy("PUT", "/users/1", "x");
        api.proxy("PUT", "/users/2", "y");
        awaitFindings(1);
        // The finding may be stored before the third exchange is: recording is asynchronous.
        JsonNode items = api.awaitExchanges(3).get("items");
        assertEquals("[]", items.get(0).get("findings").toString());
        assertEquals("[\"put-duplicate-create\"]", items.get(1).get("findings").toString());
        JsonNode filtered =
                api.json("/api/exchanges?finding=put-duplicate-create").get("items");
        assertEquals(2, filtered.size());
        assertEquals(
                "[\"put-duplicate-create\"]",
                api.json("/api/exchanges/1").get("findings").toString());
    }

    @Test
    void findingsFilterByRuleAndUrl() throws Exception {
        api.proxy("PUT", "/users/1", "x");
        api.proxy("PUT", "/users/1", "x");
        awaitFindings(1);
        assertEquals(
                1,
                api.json("/api/findings?rule=put-duplicate-create").get("items").size());
        assertEquals(
                0, api.json("/api/findings?rule=post-duplicate").get("items").size());
        assertEquals(1, api.json("/api/findings?url=users").get("items").size());
        assertEquals(0, api.json("/api/findings?url=orders").get("items").size());
    }

    @Test
    void anUnknownRuleIsA400NamingTheParameter() throws Exception {
        var r = api.dashboard("/api/findings?rule=nope");
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("'rule'"));
        var e = api.dashboard("/api/exchanges?finding=nope");
        assertEquals(400, e.statusCode());
        assertTrue(e.body().contains("'finding'"));
    }

    @Test
    void eventsStreamExchangesThenTheFindingTheyComplete() throws Exception {
        HttpURLConnection sse = (HttpURLConnection)
                new URL("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/api/events").openConnection();
        sse.setReadTimeout(5000);
        BufferedReader events = new BufferedReader(new InputStreamReader(sse.getInputStream(), StandardCharsets.UTF_8));
        api.proxy("PUT", "/users/5", "z");
        api.proxy("PUT", "/users/5", "z");
        List<String> kinds = readEvents(events, 3);
        assertEquals(List.of("exchange:1", "exchange:2", "finding:2"), kinds);
        sse.disconnect();
    }

    @Test
    void reconnectingWithLastEventIdReplaysWhatWasMissed() throws Exception {
        api.proxy("PUT", "/users/6", "z");
        api.proxy("PUT", "/users/6", "z");
        awaitFindings(1);
        // The finding is stored a moment before its live event goes out: wait until both exchanges
        // are fully analysed, so what follows is the replay alone.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (twice.engine().analysis().status().analysed() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        HttpURLConnection sse = (HttpURLConnection)
                new URL("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/api/events").openConnection();
        sse.setRequestProperty("Last-Event-ID", "1");
        sse.setReadTimeout(5000);
        BufferedReader events = new BufferedReader(new InputStreamReader(sse.getInputStream(), StandardCharsets.UTF_8));
        assertEquals(List.of("exchange:2", "finding:2"), readEvents(events, 2));
        sse.disconnect();
    }

    /** Reads {@code n} events as "type:id". */
    private static List<String> readEvents(BufferedReader in, int n) throws Exception {
        List<String> out = new ArrayList<>();
        String event = null;
        String id = null;
        String line;
        while (out.size() < n && (line = in.readLine()) != null) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("id:")) {
                id = line.substring(3).trim();
            } else if (line.isEmpty() && event != null) {
                out.add(event + ":" + id);
                event = null;
            }
        }
        return out;
    }
}
