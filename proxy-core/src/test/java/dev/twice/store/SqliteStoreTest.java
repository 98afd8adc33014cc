package dev.twice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twice.config.Durability;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest {

    @TempDir
    Path dir;

    @Test
    void aNewDbIsMigratedToTheLatestVersionInWalMode() throws Exception {
        Path db = dir.resolve("t.db");
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.of(16).withBodyBudget(1 << 20))) {
            assertEquals(0, store.lastId());
        }
        try (Connection c = SqliteStore.connect(db, SqliteStore.Access.READ, Durability.NORMAL);
                Statement s = c.createStatement()) {
            assertEquals(Migrations.latestVersion(), intOf(s, "PRAGMA user_version"));
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    /** Ids are never given twice: deep links and the event stream's ids keep meaning one exchange. */
    @Test
    void numberingContinuesAfterAClearAcrossARestart() throws Exception {
        Path db = dir.resolve("t.db");
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.of(16).withBodyBudget(1 << 20))) {
            for (int i = 1; i <= 3; i++) {
                store.sink().offer(StoreTraffic.sized(i, StoreContract.NOW, 10));
            }
            StoreTraffic.awaitRecorded(store, 3);
            assertEquals(new Store.Cleared(3, 3), store.clear());
        }
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.of(16).withBodyBudget(1 << 20))) {
            assertEquals(0, store.queries().count());
            assertEquals(3, store.lastId());
        }
    }

    @Test
    void aDbFromAnOlderVersionIsUpgradedInPlace() throws Exception {
        Path db = dir.resolve("old.db");
        try (Connection c = SqliteStore.connect(db, SqliteStore.Access.WRITE, Durability.NORMAL);
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE unrelated (x)");
            s.execute("INSERT INTO unrelated VALUES (1)");
        }
        try (SqliteStore store = SqliteStore.open(db, StoreOptions.of(16).withBodyBudget(1 << 20))) {
            assertEquals(0, store.queries().count());
        }
        try (Connection c = SqliteStore.connect(db, SqliteStore.Access.READ, Durability.NORMAL);
                Statement s = c.createStatement()) {
            assertEquals(Migrations.latestVersion(), intOf(s, "PRAGMA user_version"));
            assertEquals(1, intOf(s, "SELECT count(*) FROM unrelated"));
        }
    }

    @Test
    void aDbFromANewerVersionIsRefusedRatherThanDamaged() throws Exception {
        Path db = dir.resolve("new.db");
        try (Connection c = SqliteStore.connect(db, SqliteStore.Access.WRITE, Durability.NORMAL);
                Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 999");
        }
        StoreUnavailableException e = assertThrows(
                StoreUnavailableException.class,
                () -> SqliteStore.open(db, StoreOptions.of(16).withBodyBudget(1 << 20)));
        assertEquals(true, e.getMessage().contains("newer"));
    }

    private static int intOf(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void fullDurabilityMakesEveryWritingConnectionSynchronousFull() throws Exception {
        try (SqliteStore store = SqliteStore.open(
                        dir.resolve("full.db"), StoreOptions.of(16).withDurability(Durability.FULL));
                Connection c = store.openWriteConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
            rs.next();
            assertEquals(2, rs.getInt(1), "2 is FULL");
        }
    }
}
