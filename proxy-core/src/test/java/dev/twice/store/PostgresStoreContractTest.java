package dev.twice.store;

import dev.twice.config.StoreUrl;
import dev.twice.testing.Postgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;

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
