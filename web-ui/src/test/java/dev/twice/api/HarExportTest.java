package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import de.sstoehr.harreader.HarReader;
import de.sstoehr.harreader.HarReaderMode;
import de.sstoehr.harreader.model.Har;
import de.sstoehr.harreader.model.HarEntry;
import dev.twice.Twice;
import dev.twice.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HAR export read by an independent HAR 1.2 reader in strict mode, field by field. */
class HarExportTest {

    @TempDir
    Path dir;

    @Test
    void theExportIsHar12WithStatusTextQueryPairsTimingsAndBinaryBodiesAsDefined() throws Exception {
        try (TestUpstream upstream = new TestUpstream((ex, body) -> {
                    ex.setStatusCode(201);
                    ex.getResponseSender().send("ok");
                });
                Twice twice = TwiceApiClient.start(upstream.url(), dir.resolve("t.db"), b -> b)) {
            TwiceApiClient api = new TwiceApiClient(twice);
            byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 'x'};
            api.http.send(
                    HttpRequest.newBuilder(URI.create(
                                    "http://127.0.0.1:" + twice.proxyAddress().getPort() + "/up?a=1&b=x%20y&a=2"))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(binary))
                            .header("Content-Type", "application/octet-stream")
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            api.awaitExchanges(1);
            String text = api.dashboard("/api/export.har").body();
            Har har = new HarReader().readFromString(text, HarReaderMode.STRICT);
            HarEntry entry = har.getLog().getEntries().get(0);
            assertEquals("Created", entry.getResponse().getStatusText());
            assertEquals(
                    List.of("a=1", "b=x y", "a=2"),
                    entry.getRequest().getQueryString().stream()
                            .map(q -> q.getName() + "=" + q.getValue())
                            .toList());
            assertTrue(entry.getTimings().getWait() >= 0);
            assertEquals(-1, (int) entry.getTimings().getConnect());
            JsonNode postData = new ObjectMapper().readTree(text).at("/log/entries/0/request/postData");
            assertNull(postData.get("encoding"), "HAR 1.2 defines no postData encoding");
            assertEquals("", postData.get("text").asText());
            assertTrue(Base64.getDecoder().decode(postData.get("_base64").asText()).length == binary.length);
        }
    }
}
