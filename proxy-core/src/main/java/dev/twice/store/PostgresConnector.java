package dev.twice.store;

import dev.twice.config.StoreUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.Driver;

/**
 * Opens connections to the shared PostgreSQL database. The first connection that succeeds brings
 * the schema up to date, so an instance that started while the database was away migrates it
 * once it is back. Every connection has bounded connect and socket timeouts: a database that
 * stops answering fails a write (which then waits in the queue) rather than hanging a thread.
 */
final class PostgresConnector {

    private final StoreUrl url;
    private final Properties properties = new Properties();
    private final AtomicBoolean migrated = new AtomicBoolean();

    PostgresConnector(StoreUrl url, String instance) {
        this.url = url;
        url.user().ifPresent(u -> properties.setProperty("user", u));
        url.password().ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("connectTimeout", "5");
        properties.setProperty("socketTimeout", "60");
        properties.setProperty("tcpKeepAlive", "true");
        // Batches of inserts go as multi-row INSERTs: one round trip per few hundred rows.
        properties.setProperty("reWriteBatchedInserts", "true");
        properties.setProperty(
                "ApplicationName", ("twice " + instance).substring(0, Math.min(63, 6 + instance.length())));
    }

    Connection open() throws SQLException {
        // The driver directly, not DriverManager: a shaded jar may lose the service entry that registers it.
        Connection c = new Driver().connect(url.jdbcUrl(), properties);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        if (!migrated.get()) {
            synchronized (migrated) {
                if (!migrated.get()) {
                    try {
                        PostgresMigrations.apply(c);
                    } catch (SQLException e) {
                        c.close();
                        throw e;
                    }
                    migrated.set(true);
                }
            }
        }
        return c;
    }

    /** A connection for reads only. */
    Connection openReadOnly() throws SQLException {
        Connection c = open();
        c.setReadOnly(true);
        return c;
    }

    StoreUrl url() {
        return url;
    }
}
