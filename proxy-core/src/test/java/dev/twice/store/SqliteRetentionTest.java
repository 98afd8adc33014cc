package dev.twice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.Durability;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only SQLite's retention does (the shared behaviour is in {@link StoreContract}): giving pages back. */
class SqliteRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void pastTheSizeBudgetItFitsByUsedPagesAndFreedPagesGoBackToTheFileSystem() throws Exception {
        try (SqliteStore store =
                SqliteStore.open(dir.resolve("t.db"), StoreOptions.of(1000).withBodyBudget(64 << 20))) {
            for (int i = 1; i <= 200; i++) {
                store.sink().offer(StoreTraffic.sized(i, NOW, 32 * 1024));
            }
            StoreTraffic.awaitRecorded(store, 200);
            SqliteRetention retention = new SqliteRetention(
                    store.openWriteConnection(),
                    Optional.empty(),
                    Optional.of(2L << 20),
                    Clock.fixed(NOW, ZoneOffset.UTC),
                    Duration.ZERO);
            assertTrue(retention.usedBytes() > 2L << 20);
            assertTrue(retention.run() > 100);
            assertTrue(retention.usedBytes() <= 2L << 20, "used " + retention.usedBytes());
            try (var c = SqliteStore.connect(dir.resolve("t.db"), SqliteStore.Access.READ, Durability.NORMAL);
                    var st = c.createStatement();
                    var rs = st.executeQuery("PRAGMA auto_vacuum")) {
                rs.next();
                assertEquals(2, rs.getInt(1), "auto_vacuum=INCREMENTAL");
            }
            for (int pass = 0; pass < 10; pass++) {
                retention.run(); // each pass gives back at most VACUUM_BYTES_PER_PASS
            }
            assertTrue(
                    Files.size(dir.resolve("t.db")) <= 3L << 20,
                    "freed pages go back to the file system: " + Files.size(dir.resolve("t.db")));
            retention.close();
        }
    }
}
