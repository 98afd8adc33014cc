package dev.twice.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.RetentionPolicy;
import dev.twice.config.StoreUrl;
import dev.twice.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store contract on a real PostgreSQL, started by the tests; each test gets a fresh database. */
class PostgresStoreContractTest extends StoreContract {

    private String url;

    @BeforeEach
    void freshDatabase() throws Exception {
        url = Postgres.shared().newDatabase();
    }

    @Override
    Store open(StoreOptions options) throws Exception {
        return PostgresStore.open(StoreUrl.parse(url), options);
    }

    /** Two instances' retention passes at once: one runs, the other skips; rows go once. */
    @Test
    void retentionRunsOnOneInstanceAtATime() throws Exception {
        try (Store a = open(StoreOptions.of(4000).withInstance("pod-a"));
                Store b = open(StoreOptions.of(1000).withInstance("pod-b"))) {
            for (int i = 1; i <= 3000; i++) {
                a.sink().offer(StoreTraffic.sized(i, NOW.minus(Duration.ofDays(i <= 2500 ? 9 : 1)), 10));
            }
            StoreTraffic.awaitRecorded(a, 3000);
            Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
            try (Retention ra = a.retention(RetentionPolicy.parse("7d"), clock, Duration.ZERO);
                    Retention rb = b.retention(RetentionPolicy.parse("7d"), clock, Duration.ZERO)) {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    Future<Long> fa = pool.submit(ra::run);
                    Future<Long> fb = pool.submit(rb::run);
                    assertEquals(2500, fa.get() + fb.get(), "each row deleted once, by one of them");
                } finally {
                    pool.shutdown();
                }
                assertEquals(500, b.queries().count());
            }
        }
    }

    /**
     * Read connections wait in a pool; a restart or an administrator ends their sessions. The next
     * query must not fail for it (FleetFaultTest saw "terminating connection due to administrator
     * command" on the first count after the database came back).
     */
    @Test
    void aReadAfterTheDatabaseEndedThePooledSessionsSucceeds() throws Exception {
        try (Store store = open(StoreOptions.of(1000))) {
            store.sink().offer(StoreTraffic.sized(1, NOW, 10));
            StoreTraffic.awaitRecorded(store, 1);
            assertEquals(1, store.queries().count()); // leaves a connection in the pool
            try (Connection c = Postgres.shared().superuser("postgres");
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                            + " WHERE datname = '" + Postgres.databaseOf(url) + "' AND pid <> pg_backend_pid()")) {
                rs.next();
                assertTrue(rs.getLong(1) >= 1, "the pooled session was ended");
            }
            assertEquals(1, store.queries().count());
            assertEquals(1, store.queries().count());
        }
    }

    /** The size estimate reads PostgreSQL's statistics, which reach the collector a moment after a commit. */
    @Override
    void awaitSizeAccounting(Store store) throws Exception {
        long rows = store.queries().count();
        StoreTraffic.await("statistics of " + rows + " rows", () -> {
            try (Connection c = Postgres.shared().superuser(Postgres.databaseOf(url));
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("SELECT n_live_tup FROM pg_stat_user_tables WHERE relname = 'exchange'")) {
                return rs.next() && rs.getLong(1) >= rows;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
