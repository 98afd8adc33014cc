package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.analysis.Analyzer;
import dev.twice.config.HostPort;
import dev.twice.config.RecordedMethods;
import dev.twice.config.TwiceConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --demo: with nothing else installed, traffic and one finding per rule show up within seconds. */
class DemoTest {

    @TempDir
    Path dir;

    @Test
    void theDemoShowsEveryRuleOnTheBrokenEndpointsAndNoneOnTheCorrectOnes() throws Exception {
        try (Twice twice = Twice.start(TwiceConfig.builder()
                .demo(true)
                .record(RecordedMethods.parse("PUT,POST,GET"))
                .listen(HostPort.parse("127.0.0.1:0"))
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .db(dir.resolve("demo.db"))
                .build())) {
            HttpClient http = HttpClient.newHttpClient();
            URI findings =
                    URI.create("http://127.0.0.1:" + twice.dashboardAddress().getPort() + "/api/findings");
            Set<String> rules = new TreeSet<>();
            JsonNode items = null;
            long deadline = System.currentTimeMillis() + 10_000;
            while (rules.size() < Analyzer.ruleIds().size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
                items = new ObjectMapper()
                        .readTree(http.send(
                                        HttpRequest.newBuilder(findings).build(), HttpResponse.BodyHandlers.ofString())
                                .body())
                        .get("items");
                rules.clear();
                items.forEach(f -> rules.add(f.get("rule").asText()));
            }
            assertEquals(new TreeSet<>(Analyzer.ruleIds()), rules, String.valueOf(items));
            items.forEach(f -> assertTrue(f.get("url").asText().startsWith("/broken/"), f.toString()));
        }
    }
}
