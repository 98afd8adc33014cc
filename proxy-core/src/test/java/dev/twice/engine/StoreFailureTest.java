package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.ByteSize;
import dev.twice.store.RecordingStats;
import dev.twice.testing.TestUpstream;
import dev.twice.testing.TinyFilesystem;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFailureTest {

    @TempDir
    Path dir;

    @Test
    void aMissingDbDirectoryTurnsRecordingOffButProxyingGoesOn() throws Exception {
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
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
        try (var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(upstream.url(), db)) {
            assertEquals("ok", twice.send("PUT", "/a", "x").body());
            assertTrue(twice.proxy.stats().enabled());
            twice.awaitRecorded(1);
        }
        try (var aside = Files.list(dir)) {
            Path moved = aside.filter(p -> p.getFileName().toString().matches("t\\.db\\.corrupt-\\d{8}T\\d{6}Z"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(garbage, Files.readString(moved), "a corrupt file is never written over");
        }
    }

    @Test
    void aReadOnlyFilesystemTurnsRecordingOffButProxyingGoesOn() throws Exception {
        try (var fs = TinyFilesystem.mount(dir, "4m");
                var upstream =
                        new TestUpstream((ex, body) -> ex.getResponseSender().send("ok"))) {
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
        // 3 MiB: the empty db with its indexes takes about 1 MiB of 64 KiB pages, the WAL more.
        try (var fs = TinyFilesystem.mount(dir, "3m");
                var upstream =
                        new TestUpstream((ex, b) -> ex.getResponseSender().send("ok"))) {
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

    @Test
    void recordingResumesOnceAFullDiskHasRoomAgain() throws Exception {
        String body = "z".repeat(100_000);
        try (var fs = TinyFilesystem.mount(dir, "4m");
                var upstream =
                        new TestUpstream((ex, b) -> ex.getResponseSender().send("ok"))) {
            // Freed later: more room than the PUTs still queued when the disk filled can take.
            Path filler = fs.root.resolve("filler");
            Files.write(filler, new byte[2_500_000]);
            try (var twice = new TwiceUnderTest(upstream.url(), fs.root.resolve("t.db"))) {
                for (int i = 0; twice.proxy.stats().failedTotal() == 0 && i < 100; i++) {
                    assertEquals("ok", twice.send("PUT", "/fill/" + i, body).body());
                    Thread.sleep(20);
                }
                RecordingStats full = twice.awaitStats(s -> s.failed().containsKey("SQLITE_FULL"));
                Files.delete(filler);
                assertEquals("ok", twice.send("PUT", "/after", "small").body());
                twice.awaitStats(
                        s -> s.recorded() > full.recorded() && s.problem().isEmpty());
            }
        }
    }

    @Test
    void aReaderHoldingATransactionOpenCannotGrowTheWalPastItsLimit() throws Exception {
        Path db = dir.resolve("t.db");
        long limit = 4L << 20;
        String body = "w".repeat(200_000);
        try (var upstream = new TestUpstream((ex, b) -> ex.getResponseSender().send("ok"));
                var twice = new TwiceUnderTest(upstream.url(), db, b -> b.maxWal(ByteSize.parse("4MiB")))) {
            assertEquals("ok", twice.send("PUT", "/before", "x").body());
            twice.awaitRecorded(1);
            try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + db)) {
                reader.setAutoCommit(false);
                try (var st = reader.createStatement();
                        var rs = st.executeQuery("SELECT count(*) FROM exchange")) {
                    rs.next(); // the snapshot is now pinned until this transaction ends
                }
                for (int i = 0; i < 60; i++) {
                    assertEquals("ok", twice.send("PUT", "/pinned/" + i, body).body(), "proxying goes on");
                }
                RecordingStats pinned = twice.awaitStats(s -> s.failed().containsKey("WAL_LIMIT"));
                assertTrue(pinned.problem().orElseThrow().contains("WAL_LIMIT"), pinned.toString());
                // One batch may land past the limit before the writer notices; never more.
                long wal = Files.size(dir.resolve("t.db-wal"));
                assertTrue(wal <= limit + (1 << 20), "WAL is " + wal + " bytes");
                reader.commit();
            }
            long before = twice.proxy.stats().recorded();
            Thread.sleep(1100); // the writer retries its checkpoint once a second
            assertEquals("ok", twice.send("PUT", "/released", "x").body());
            twice.awaitStats(s -> s.recorded() > before);
            assertTrue(Files.size(dir.resolve("t.db-wal")) <= limit, "the checkpoint truncated the WAL");
        }
    }

    @Test
    void aDbWhoseHeaderIsCorruptIsMovedAsideAndAFreshOneRecords() throws Exception {
        Path db = dir.resolve("t.db");
        try (var upstream = new TestUpstream((ex, b) -> ex.getResponseSender().send("ok"))) {
            try (var twice = new TwiceUnderTest(upstream.url(), db)) {
                twice.send("PUT", "/first", "x");
                twice.awaitRecorded(1);
            }
            try (var f = FileChannel.open(db, StandardOpenOption.WRITE)) {
                f.write(ByteBuffer.wrap("definitely not SQLite".getBytes()), 0);
            }
            try (var twice = new TwiceUnderTest(upstream.url(), db)) {
                assertEquals("ok", twice.send("PUT", "/second", "x").body());
                assertTrue(twice.proxy.stats().enabled());
                assertEquals("/second", twice.onlyExchange().url());
            }
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("t.db.corrupt-")));
        }
    }

    @Test
    void aTruncatedDbIsMovedAsideAndAFreshOneRecords() throws Exception {
        Path db = dir.resolve("t.db");
        try (var upstream = new TestUpstream((ex, b) -> ex.getResponseSender().send("ok"))) {
            try (var twice = new TwiceUnderTest(upstream.url(), db)) {
                twice.send("PUT", "/first", "x");
                twice.awaitRecorded(1);
            }
            byte[] whole = Files.readAllBytes(db);
            Files.write(db, Arrays.copyOf(whole, 60));
            try (var twice = new TwiceUnderTest(upstream.url(), db)) {
                assertEquals("ok", twice.send("PUT", "/second", "x").body());
                assertEquals("/second", twice.onlyExchange().url());
            }
        }
    }
}
