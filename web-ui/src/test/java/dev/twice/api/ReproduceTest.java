package dev.twice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.RecordedMethods;
import dev.twice.config.TwiceConfig;
import dev.twice.testing.ExternalServer;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * A finding handed over as a script and as a test: each generated reproduce.sh runs with sh against
 * the live upstream (1 while broken, 0 once fixed), and each reproduce.java is compiled and run
 * with JUnit (fails while broken, passes once fixed).
 */
class ReproduceTest extends ServiceApiTest {

    @Override
    UnaryOperator<TwiceConfig.Builder> config() {
        return b -> b.record(RecordedMethods.parse("PUT,POST,PATCH,DELETE,GET"));
    }

    private long finding(String rule) throws Exception {
        return awaitFinding(rule).get("id").asLong();
    }

    private int runScript(long findingId, String base) throws Exception {
        HttpResponse<String> r = api.dashboard("/api/findings/" + findingId + "/reproduce.sh");
        assertEquals(200, r.statusCode(), r.body());
        Path script = dir.resolve("reproduce-" + findingId + ".sh");
        Files.writeString(script, r.body());
        Process p = new ProcessBuilder("sh", script.toString(), base)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out-" + findingId + ".txt").toFile())
                .start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** Compiles the generated class and runs it with JUnit; returns how many tests failed. */
    private long runJava(long findingId) throws Exception {
        HttpResponse<String> r = api.dashboard("/api/findings/" + findingId + "/reproduce.java");
        assertEquals(200, r.statusCode(), r.body());
        String name = "ReproduceFinding" + findingId + "Test";
        Path src = Files.createDirectories(dir.resolve("java-" + findingId + "-" + System.nanoTime()));
        Files.writeString(src.resolve(name + ".java"), r.body());
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int compiled = javac.run(
                null,
                null,
                null,
                "-cp",
                System.getProperty("java.class.path"),
                "-d",
                src.toString(),
                src.resolve(name + ".java").toString());
        assertEquals(0, compiled, "the generated test compiles:\n" + r.body());
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {src.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> test = loader.loadClass(name);
            System.setProperty("twice.base", upstream.url());
            Launcher launcher = LauncherFactory.create();
            SummaryGeneratingListener summary = new SummaryGeneratingListener();
            launcher.execute(
                    LauncherDiscoveryRequestBuilder.request()
                            .selectors(DiscoverySelectors.selectClass(test))
                            .build(),
                    summary);
            assertEquals(1, summary.getSummary().getTestsFoundCount());
            return summary.getSummary().getTotalFailureCount();
        } finally {
            System.clearProperty("twice.base");
        }
    }

    private void brokenThenFixed(long findingId) throws Exception {
        upstream.broken.set(true);
        assertEquals(1, runScript(findingId, upstream.url()), "persists while broken");
        assertEquals(1, runJava(findingId), "the test fails while broken");
        upstream.broken.set(false);
        assertEquals(0, runScript(findingId, upstream.url()), "fixed");
        assertEquals(0, runJava(findingId), "the test passes once fixed");
    }

    @Test
    void aPutWhoseResponseChanges() throws Exception {
        api.proxy("PUT", "/things/1", "7", "Content-Type", "application/json");
        api.proxy("PUT", "/things/1", "7", "Content-Type", "application/json");
        brokenThenFixed(finding("put-divergent-response"));
    }

    @Test
    void aPutWhoseRepeatChangesWhatGetShows() throws Exception {
        api.proxy("PUT", "/counters/1", "7");
        api.proxy("GET", "/counters/1", null);
        api.proxy("PUT", "/counters/1", "7");
        api.proxy("GET", "/counters/1", null);
        brokenThenFixed(finding("put-divergent-state"));
    }

    @Test
    void aKeyTheServerIgnores() throws Exception {
        api.proxy("POST", "/orders", "{\"sku\":1}", "Idempotency-Key", "k1");
        api.proxy("POST", "/orders", "{\"sku\":1}", "Idempotency-Key", "k1");
        brokenThenFixed(finding("idempotency-key-mismatch"));
    }

    @Test
    void aPostRetriedWithoutAKey() throws Exception {
        api.proxy("POST", "/orders", "{\"sku\":9}");
        api.proxy("POST", "/orders", "{\"sku\":9}");
        brokenThenFixed(finding("post-duplicate"));
    }

    @Test
    void aPutThatCreatesAgain() throws Exception {
        api.proxy("PUT", "/create/1", "{}");
        api.proxy("PUT", "/create/1", "{}");
        brokenThenFixed(finding("put-duplicate-create"));
    }

    @Test
    void aKeyReusedForAnotherRequest() throws Exception {
        api.proxy("POST", "/orders", "{\"sku\":5}", "Idempotency-Key", "k5");
        api.proxy("POST", "/orders", "{\"sku\":6}", "Idempotency-Key", "k5");
        brokenThenFixed(finding("idempotency-key-reuse"));
    }

    @Test
    void redactedHeadersArePlaceholdersAndBinaryBodiesPassByteForByte() throws Exception {
        String body = "{\"a\":\"\\u00e9'%\\\\\"}";
        api.proxy("PUT", "/things/2", body, "Authorization", "Bearer s3cret", "Content-Type", "application/json");
        api.proxy("PUT", "/things/2", body, "Authorization", "Bearer s3cret", "Content-Type", "application/json");
        long id = finding("put-divergent-response");
        String sh = api.dashboard("/api/findings/" + id + "/reproduce.sh").body();
        String java = api.dashboard("/api/findings/" + id + "/reproduce.java").body();
        for (String text : List.of(sh, java)) {
            assertFalse(text.contains("s3cret"), text);
            assertTrue(text.contains("TWICE_HEADER_AUTHORIZATION"), text);
        }
        // Without the variable the script cannot run: exit 2, not a verdict.
        assertEquals(2, runScript(id, upstream.url()));
        int before = upstream.seen();
        ProcessBuilder pb =
                new ProcessBuilder("sh", dir.resolve("reproduce-" + id + ".sh").toString(), upstream.url());
        pb.environment().put("TWICE_HEADER_AUTHORIZATION", "Bearer s3cret");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), Files.readString(dir.resolve("out.txt")));
        assertEquals(body, new String(upstream.lastBody(), StandardCharsets.UTF_8), "the body byte for byte");
        assertEquals(before + 2, upstream.seen());
    }

    @Test
    void aBaseUrlThatDoesNotAnswerCouldNotRun() throws Exception {
        api.proxy("PUT", "/things/3", "7");
        api.proxy("PUT", "/things/3", "7");
        long id = finding("put-divergent-response");
        assertEquals(2, runScript(id, "http://127.0.0.1:" + ExternalServer.freePort()));
        assertEquals(404, api.dashboard("/api/findings/999/reproduce.sh").statusCode());
    }
}
