package dev.twice.engine;

import dev.twice.store.RecordingStats;
import dev.twice.testing.Gzip;
import dev.twice.testing.RawHttp;
import dev.twice.testing.TestUpstream;
import dev.twice.testing.TinyFilesystem;
import dev.twice.testing.TlsUpstream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreFailureTest {

    @TempDir
    Path dir;

    @Test
    void aMissingDbDirectoryTurnsRecordingOffButProxyingGoesOn() throws Exception {
        try (var upstream = new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
             var twice = new TwiceUnderTest(upstream.url(), dir.resolve("no/such/dir/t.db"))) {
            assertEquals("ok", twice.send("PUT", "/a", "x").body());
            RecordingStats stats = twice.awaitStats(s -> s.dropped() == 1);
            assertFalse(stats.enabled());
            assertTrue(stats.problem().orElseThrow().contains("does not exist"));
        }
    }

    @Test
    void aFileThatIsNotADatabaseIsMovedAsideUntouchedAndAFreshDbRecords() throws Exception {
        Path db = dir.resolve("t.db");
        String garbage = "this is not an SQLite database, just text that is long enough ".repeat(100);
        Files.writeString(db, garbage);
        try (var upstream = new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
             var twice = new TwiceUnderTest(upstream.url(), db)) {
            assertEquals("ok", twice.send("PUT", "/a", "x").body());
            assertTrue(twice.proxy.stats().enabled());
            twice.awaitRecorded(1);
        }
        try (var aside = Files.list(dir)) {
            Path moved = aside.filter(p -> p.getFileName().toString().matches("t\\.db\\.corrupt-\\d{8}T\\d{6}Z"))
                    .findFirst().orElseThrow();
            assertEquals(garbage, Files.readString(moved), "a corrupt file is never written over");
        }
    }

    @Test
    void aReadOnlyFilesystemTurnsRecordingOffButProxyingGoesOn() throws Exception {
        try (var fs = TinyFilesystem.mount(dir, "4m");
             var upstream = new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"))) {
            fs.remountReadOnly();
            try (var twice = new TwiceUnderTest(upstream.url(), fs.root.resolve("t.db"))) {
                assertEquals("ok", twice.send("PUT", "/a", "x").body());
                assertFalse(twice.proxy.stats().enabled());
            }
        }
    }

    @Test
    void aFullDiskCountsFailuresKeepsProxyingAndKeepsWhatWasCommitted() throws Exception {
        String body = "z".repeat(100_000);
        try (var fs = TinyFilesystem.mount(dir, "2m");
             var upstream = new TestUpstream((ex, b) -> ex.getResponseSender().send("ok"))) {
            Path db = fs.root.resolve("t.db");
            long committed;
            try (var twice = new TwiceUnderTest(upstream.url(), db)) {
                for (int i = 0; i < 60; i++) {
                    assertEquals("ok", twice.send("PUT", "/fill/" + i, body).body(), "request " + i);
                    Thread.sleep(20);
                }
                RecordingStats stats = twice.awaitStats(s -> s.failedTotal() > 0);
                assertTrue(stats.failed().containsKey("SQLITE_FULL"), stats.toString());
                assertTrue(stats.problem().isPresent());
                committed = stats.recorded();
                assertTrue(committed > 0, stats.toString());
                assertEquals(committed, twice.queries().count());
            }
            try (var again = new TwiceUnderTest(upstream.url(), db)) {
                assertEquals(committed, again.queries().count());
            }
        }
    }
}
