package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.Twice;
import dev.twice.config.FleetSettings;
import dev.twice.config.HostPort;
import dev.twice.config.StoreUrl;
import dev.twice.config.TwiceConfig;
import dev.twice.sample.SampleService;
import dev.twice.testing.Postgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fleet through the API, as a user sees it: two proxying instances and one dashboard-only
 * instance on one real PostgreSQL. A retry answered by the other replica is one finding, shown
 * by every dashboard, with the instances and their exchanges.
 */
class FleetApiTest {

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private Twice start(String upstream, String store, String name, boolean dashboardOnly) {
        Twice t = Twice.start(TwiceConfig.builder()
                .upstream(dashboardOnly ? null : dev.twice.config.Upstream.parse(upstream))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve(name + ".db"))
                .fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), name, dashboardOnly))
                .build());
        open.add(t);
        return t;
    }

    @Test
    void everyDashboardShowsTheFleetAndARetryOnAnotherReplicaIsOneFinding() throws Exception {
        SampleService upstream = SampleService.start();
        open.add(upstream);
        String store = Postgres.shared().newDatabase();
        TwiceApiClient a = new TwiceApiClient(start(upstream.url(), store, "pod-a", false));
        Twice bTwice = start(upstream.url(), store, "pod-b", false);
        TwiceApiClient b = new TwiceApiClient(bTwice);
        TwiceApiClient fleet = new TwiceApiClient(start(null, store, "dashboard", true));

        HttpURLConnection sse = (HttpURLConnection)
                new URL("http://127.0.0.1:" + bTwice.dashboardAddress().getPort() + "/api/events").openConnection();
        sse.setReadTimeout(5000);
        BufferedReader events = new BufferedReader(new InputStreamReader(sse.getInputStream(), StandardCharsets.UTF_8));

        assertEquals(201, a.proxy("POST", "/broken/orders", "{\"sku\":1}").statusCode());
        assertEquals(201, b.proxy("POST", "/broken/orders", "{\"sku\":1}").statusCode());

        List<String> seen = readEvents(events, 3);
        assertEquals(List.of("exchange", "exchange", "finding"), seen, "pod-b's stream shows pod-a's exchange too");
        sse.disconnect();

        for (TwiceApiClient client : List.of(a, b, fleet)) {
            JsonNode findings = awaitFindings(client);
            assertEquals(1, findings.size(), findings.toString());
            assertEquals("post-duplicate", findings.get(0).get("rule").asText());
            assertEquals("violation", findings.get(0).get("severity").asText());
            assertEquals(2, findings.get(0).get("exchangeIds").size());
        }
        JsonNode instances = fleet.json("/api/instances").get("items");
        assertEquals(2, instances.size());
        assertEquals("pod-a", instances.get(0).get("name").asText());
        assertEquals(1, instances.get(0).get("exchanges").asLong());
        assertTrue(instances.get(1).get("lastSeen").asText().endsWith("Z"));
        JsonNode onlyB = fleet.json("/api/exchanges?instance=pod-b").get("items");
        assertEquals(1, onlyB.size());
        assertEquals("pod-b", onlyB.get(0).get("instance").asText());
        long id = onlyB.get(0).get("id").asLong();
        assertEquals("pod-b", fleet.json("/api/exchanges/" + id).get("instance").asText());
        assertTrue(fleet.json("/api/info").get("proxy").isNull(), "a dashboard-only twice has no proxy");
        String roles = a.json("/healthz").get("analysis").get("role").asText()
                + b.json("/healthz").get("analysis").get("role").asText()
                + fleet.json("/healthz").get("analysis").get("role").asText();
        assertEquals(1, roles.split("fleet-analyzer", -1).length - 1, roles);
    }

    private static JsonNode awaitFindings(TwiceApiClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        JsonNode items = client.json("/api/findings").get("items");
        while (items.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            items = client.json("/api/findings").get("items");
        }
        return items;
    }

    private static List<String> readEvents(BufferedReader in, int n) throws Exception {
        List<String> out = new ArrayList<>();
        String line;
        while (out.size() < n && (line = in.readLine()) != null) {
            if (line.startsWith("event:")) {
                out.add(line.substring(6).trim());
            }
        }
        return out;
    }
}
