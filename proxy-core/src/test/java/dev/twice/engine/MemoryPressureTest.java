package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.Exchange;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/reliability.md D40: near the heap's limit, recording is shed first, then new requests. */
class MemoryPressureTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} of {1} after GC -> {2}")
    @CsvSource({
        "0, 100, NORMAL",
        "89, 100, NORMAL",
        "90, 100, SHED_RECORDING",
        "96, 100, SHED_RECORDING",
        "97, 100, SHED_LOAD",
        "100, 100, SHED_LOAD",
        "5, 0, NORMAL",
    })
    void theLevelFollowsTheHeapLeftAfterACollection(long used, long max, MemoryPressure.Level level) {
        assertEquals(level, MemoryPressure.levelFor(used, max));
    }

    /** A young collection leaves old garbage in place: it may lower the level, never raise it. */
    @Test
    void onlyACollectionOfTheWholeHeapRaisesTheLevel() {
        java.util.List<MemoryPressure.Level> heard = new java.util.ArrayList<>();
        MemoryPressure p = MemoryPressure.unwatched(heard::add);
        p.report(99, 100, false);
        assertEquals(java.util.List.of(), heard, "a young collection's figure includes old garbage");
        p.report(95, 100, true);
        assertEquals(java.util.List.of(MemoryPressure.Level.SHED_RECORDING), heard);
        p.report(50, 100, false);
        assertEquals(java.util.List.of(MemoryPressure.Level.SHED_RECORDING, MemoryPressure.Level.NORMAL), heard);
    }

    @Test
    void theHeapWatchHearsThisJvmsCollections() throws Exception {
        try (MemoryPressure watch = MemoryPressure.watchHeap(level -> {})) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (watch.lastUsedAfterGc() < 0 && System.nanoTime() < deadline) {
                System.gc();
                Thread.sleep(50);
            }
            assertTrue(watch.lastUsedAfterGc() > 0, "a collection was reported with the heap left after it");
        }
    }

    @Test
    void recordingLosesBodiesFirstThenNewRequestsGet503AndAllComesBackWhenTheHeapRecovers() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = TwiceUnderTest.withReportedHeap(upstream.url(), dir.resolve("m.db"))) {
            MemoryPressure memory = twice.proxy.memoryPressure();

            memory.report(92, 100);
            assertEquals(200, twice.send("PUT", "/tight", "body").statusCode());
            Exchange shed = twice.onlyExchange();
            assertEquals(0, shed.requestBody().stored().length, "body bytes shed");
            assertEquals(4, shed.requestBody().size(), "size and hash kept");

            memory.report(98, 100);
            try (var raw = new RawHttp(twice.port())) {
                String answer = raw.write("PUT /full HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody")
                        .readUntil("\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 503"), answer);
                assertTrue(answer.contains("Connection: close") && answer.contains("Retry-After: 1"), answer);
            }
            assertEquals(1, upstream.seen.size(), "the refused request never reached the upstream");

            memory.report(40, 100);
            assertEquals(200, twice.send("PUT", "/again", "body").statusCode());
            twice.awaitRecorded(2);
            assertEquals(1L, twice.proxy.stats().bodiesShed());
        }
    }
}
