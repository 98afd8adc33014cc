package dev.twice.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.Twice;
import dev.twice.config.TwiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the API tests against a {@link SwitchableService} share: that real upstream, a real twice in
 * front of it recording into a temp dir (with the settings {@link #config} adds), and a client,
 * started before each test and closed after it.
 */
abstract class ServiceApiTest {

    @TempDir
    Path dir;

    final SwitchableService upstream = new SwitchableService();
    Twice twice;
    TwiceApiClient api;

    /** The settings a test class adds to the defaults (recorded methods, --allow-verify, ...). */
    UnaryOperator<TwiceConfig.Builder> config() {
        return b -> b;
    }

    @BeforeEach
    final void startTwice() {
        twice = TwiceApiClient.start(upstream.url(), dir.resolve("t.db"), config());
        api = new TwiceApiClient(twice);
    }

    @AfterEach
    final void stopTwice() {
        twice.close();
        upstream.close();
    }

    /**
     * The first finding of {@code rule}, once every request the upstream saw is analysed (briefly
     * waited for): analysis is asynchronous, and a finding grows while its repeats arrive.
     */
    JsonNode awaitFinding(String rule) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (api.json("/healthz").get("analysis").get("analysed").asLong() < upstream.seen()
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        while (System.nanoTime() < deadline) {
            JsonNode items = api.json("/api/findings?rule=" + rule).get("items");
            if (!items.isEmpty()) {
                return items.get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no " + rule + " finding");
    }
}
