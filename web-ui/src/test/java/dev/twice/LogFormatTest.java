package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sidecar's log is what {@code kubectl logs} shows: one line per notable event, never one per
 * request, and with {@code --log-format json} every line a JSON object (a real process).
 */
class LogFormatTest {

    @TempDir
    Path dir;

    @Test
    void notableEventsAreOneJsonLineEach() throws Exception {
        int closed = dev.twice.testing.ExternalServer.freePort(); // nothing listens there: the upstream is down
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        Twice.class.getName(),
                        "--upstream",
                        "http://127.0.0.1:" + closed,
                        "--listen",
                        "127.0.0.1:0",
                        "--dashboard",
                        "127.0.0.1:0",
                        "--db",
                        dir.resolve("t.db").toString(),
                        "--log-format",
                        "json")
                .redirectErrorStream(true)
                .start();
        List<JsonNode> lines = new CopyOnWriteArrayList<>();
        List<String> notJson = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
                String line;
                while ((line = in.readLine()) != null) {
                    try {
                        lines.add(new ObjectMapper().readTree(line));
                    } catch (Exception e) {
                        notJson.add(line);
                    }
                }
            } catch (Exception ignored) {
                // the process ended
            }
        });
        reader.start();
        try {
            int proxy = awaitPort(lines, "proxy");
            HttpClient http = HttpClient.newHttpClient();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy + "/x"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(502, r.statusCode());
            }
            await(lines, "upstream unreachable");
            p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue());
            reader.join(5000);
            assertEquals(List.of(), notJson, "every line is JSON");
            assertEquals(1, count(lines, "upstream unreachable"), "once, not once per request: " + lines);
            assertEquals(1, count(lines, "stopping:"), lines.toString());
            assertEquals(1, count(lines, "stopped:"), lines.toString());
            for (JsonNode l : lines) {
                assertTrue(l.has("time") && l.has("level") && l.has("logger") && l.has("message"), l.toString());
            }
        } finally {
            p.destroyForcibly();
        }
    }

    private static long count(List<JsonNode> lines, String text) {
        return lines.stream()
                .filter(l -> l.path("message").asText().contains(text))
                .count();
    }

    private static void await(List<JsonNode> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (count(lines, text) == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(count(lines, text) > 0, "no line with '" + text + "': " + lines);
    }

    private static int awaitPort(List<JsonNode> lines, String which) throws InterruptedException {
        Pattern port = Pattern.compile("twice " + which + "\\s+http://127\\.0\\.0\\.1:(\\d+)");
        await(lines, "twice " + which);
        for (JsonNode l : lines) {
            Matcher m = port.matcher(l.path("message").asText());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no " + which + " port in " + lines);
    }
}
