package dev.twice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.testing.TestUpstream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/reliability.md G64: kill -9 in the middle of heavy writes loses nothing that was committed. */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void killMinus9UnderLoadLeavesAConsistentDbWithEveryRowAcknowledgedAsCommitted() throws Exception {
        Path db = dir.resolve("t.db");
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String pad = "p".repeat(2000);
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("{\"ok\":true}"));
                var twice = TwiceProcess.start(upstream.url(), db, dir.resolve("stderr.txt"));
                var load = PutLoad.start(
                        twice.proxyPort, 16, Integer.MAX_VALUE, i -> "{\"n\":" + i + ",\"pad\":\"" + pad + "\"}")) {
            load.awaitOk(2000);
            long acknowledged = committedCount(http, twice.dashboardPort);
            twice.process.destroyForcibly(); // SIGKILL: no shutdown hook, no drain, no checkpoint
            assertTrue(twice.process.waitFor(10, TimeUnit.SECONDS));
            load.awaitEnd();
            assertTrue(acknowledged > 0, "the store had committed rows before the kill");
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                    Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("PRAGMA quick_check")) {
                    rs.next();
                    assertEquals("ok", rs.getString(1));
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM exchange")) {
                    rs.next();
                    long rows = rs.getLong(1);
                    assertTrue(
                            rows >= acknowledged,
                            rows + " rows after the crash, " + acknowledged + " acknowledged before it");
                    assertTrue(rows <= load.ok.get() + 16, rows + " rows for " + load.ok.get() + " answered requests");
                }
            }
        }
    }

    /** What twice reports as committed, read from its health endpoint just before the kill. */
    private static long committedCount(HttpClient http, int dashboardPort) throws Exception {
        String health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboardPort + "/healthz"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        Matcher m = Pattern.compile("\"recorded\":(\\d+)").matcher(health);
        assertTrue(m.find(), health);
        return Long.parseLong(m.group(1));
    }
}
