package dev.twice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.BodyCapture;
import dev.twice.capture.CaptureBudget;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.config.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {

    private static final CaptureBudget UNLIMITED = new CaptureBudget(Long.MAX_VALUE);

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void exchangesPastTheAgeGoAndFindingsKeepOnlyWhatRemains() throws Exception {
        try (SqliteStore store =
                SqliteStore.open(dir.resolve("t.db"), StoreOptions.of(100).withBodyBudget(1 << 20))) {
            store.sink().offer(exchange(1, NOW.minus(Duration.ofDays(9)), 10));
            store.sink().offer(exchange(2, NOW.minus(Duration.ofDays(8)), 10));
            store.sink().offer(exchange(3, NOW.minus(Duration.ofDays(1)), 10));
            awaitRows(store, 3);
            try (FindingStore findings = FindingStore.open(store)) {
                findings.upsert(
                        "put-duplicate-create", "old", "violation", "PUT", "/x", "m", "{}", List.of(1L, 2L), NOW, NOW);
                findings.upsert(
                        "put-divergent-response",
                        "mixed",
                        "warning",
                        "PUT",
                        "/x",
                        "m",
                        "{}",
                        List.of(2L, 3L),
                        NOW,
                        NOW);
                Retention retention = store.retention(
                        Optional.of(Duration.ofDays(7)),
                        Optional.empty(),
                        Clock.fixed(NOW, ZoneOffset.UTC),
                        Duration.ZERO);
                assertEquals(2, retention.run());
                assertEquals(1, store.queries().count());
                List<Finding> left = findings.list(Optional.empty(), Optional.empty());
                assertEquals(1, left.size());
                assertEquals("put-divergent-response", left.get(0).rule());
                assertEquals(List.of(3L), left.get(0).exchangeIds());
                retention.close();
            }
        }
    }

    @Test
    void pastTheSizeBudgetTheOldestGoFirstUntilItFits() throws Exception {
        try (SqliteStore store =
                SqliteStore.open(dir.resolve("t.db"), StoreOptions.of(1000).withBodyBudget(64 << 20))) {
            for (int i = 1; i <= 200; i++) {
                store.sink().offer(exchange(i, NOW, 32 * 1024));
            }
            awaitRows(store, 200);
            Retention retention = store.retention(
                    Optional.empty(), Optional.of(2L << 20), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);
            assertTrue(retention.usedBytes() > 2L << 20);
            assertTrue(retention.run() > 100);
            assertTrue(retention.usedBytes() <= 2L << 20, "used " + retention.usedBytes());
            long left = store.queries().count();
            assertTrue(left > 0);
            assertTrue(store.queries().find(200).isPresent(), "the newest stays");
            assertTrue(store.queries().find(1).isEmpty(), "the oldest goes");
            try (var c = SqliteStore.connect(dir.resolve("t.db"), SqliteStore.Access.READ, Durability.NORMAL);
                    var st = c.createStatement();
                    var rs = st.executeQuery("PRAGMA auto_vacuum")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "auto_vacuum=INCREMENTAL");
            }
            for (int pass = 0; pass < 10; pass++) {
                retention.run(); // each pass gives back at most VACUUM_PAGES_PER_PASS pages
            }
            assertTrue(
                    Files.size(dir.resolve("t.db")) <= 3L << 20,
                    "freed pages go back to the file system: " + Files.size(dir.resolve("t.db")));
            retention.close();
        }
    }

    private static void awaitRows(SqliteStore store, long n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (store.stats().recorded() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(n, store.stats().recorded());
    }

    private static Exchange exchange(long id, Instant at, int bodySize) {
        byte[] bytes = new byte[bodySize];
        new Random(id).nextBytes(bytes);
        BodyCapture c = new BodyCapture(1 << 20, bodySize, UNLIMITED);
        c.update(bytes, 0, bodySize);
        CapturedBody body = c.finish();
        return new Exchange(id, at, "PUT", "/x/" + id, 200, 1000, null, List.of(), body, List.of(), body);
    }

    /** Marks of unrecorded writes age out by themselves, even with no exchange to delete. */
    @Test
    void marksOfUnrecordedWritesAgeOutToo() throws Exception {
        try (SqliteStore store =
                SqliteStore.open(dir.resolve("t.db"), StoreOptions.of(100).withBodyBudget(1 << 20))) {
            store.sink()
                    .offerMark(new dev.twice.capture.WriteMark(1, NOW.minus(Duration.ofDays(9)), "DELETE", "/x", 204));
            store.sink()
                    .offerMark(new dev.twice.capture.WriteMark(2, NOW.minus(Duration.ofDays(1)), "DELETE", "/x", 204));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (store.queries().recentMarksByUrl("/x", Long.MAX_VALUE, 10).size() < 2
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Retention retention = store.retention(
                    Optional.of(Duration.ofDays(7)), Optional.empty(), Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO);
            retention.run();
            assertEquals(
                    List.of(2L),
                    store.queries().recentMarksByUrl("/x", Long.MAX_VALUE, 10).stream()
                            .map(dev.twice.capture.WriteMark::id)
                            .toList());
            retention.close();
        }
    }
}
