package dev.twice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Retention on the shared store, run by one instance at a time: a pass takes an advisory lock
 * and is skipped by every instance that finds it taken. It deletes, oldest first and in chunks of
 * {@link #CHUNK} rows (short transactions beside the writers), the exchanges past the age and
 * then those past the size budget, with their findings' links and the findings left with none.
 *
 * <p>Size: PostgreSQL reuses the space of deleted rows (autovacuum) rather than shrinking its
 * files, so the table's size on disk says little. The live size is estimated as the table's
 * total size (with its indexes and out-of-line values) times its share of live rows, from the
 * statistics PostgreSQL keeps, and the excess is deleted as a number of oldest rows at the average
 * row size, once per pass.
 */
final class PostgresRetention implements Retention {

    static final long LOCK = 0x7477696365_03L;
    static final int CHUNK = 2_000;
    /** Batch numbers only guard retries, which happen within seconds: an hour is plenty. */
    private static final long BATCH_KEEP_MICROS = 3_600_000_000L;

    private final PostgresConnector connector;
    private final Optional<Duration> maxAge;
    private final Optional<Long> maxBytes;
    private final Clock clock;
    private final RetentionSchedule schedule;
    private Connection connection;

    PostgresRetention(
            PostgresConnector connector,
            Optional<Duration> maxAge,
            Optional<Long> maxBytes,
            Clock clock,
            Duration every) {
        this.connector = connector;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.schedule = new RetentionSchedule(this::run, every, every, " from the shared store");
    }

    @Override
    public synchronized long run() throws SQLException {
        try {
            if (connection == null) {
                connection = connector.open();
            }
            if (!single("SELECT pg_try_advisory_lock(" + LOCK + ")::int").equals(1L)) {
                return 0; // another instance is running a pass
            }
            try {
                return pass();
            } finally {
                single("SELECT pg_advisory_unlock(" + LOCK + ")::int");
            }
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    /**
     * As SqliteRetention's clear, on the shared store: waits for a running pass (the same lock,
     * taken, not tried), and clears every instance's records up to the highest id stored now.
     */
    synchronized Store.Cleared clear() throws SQLException {
        try {
            if (connection == null) {
                connection = connector.open();
            }
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + LOCK + ")");
            }
            try {
                long last = single(Store.Cleared.LAST_ID);
                long deleted = 0;
                int n;
                do {
                    n = delete("SELECT id FROM exchange WHERE id <= " + last + " ORDER BY id LIMIT " + CHUNK);
                    deleted += n;
                } while (n == CHUNK);
                for (String sql : Store.Cleared.leftovers(last)) {
                    update(sql);
                }
                return new Store.Cleared(last, deleted);
            } finally {
                single("SELECT pg_advisory_unlock(" + LOCK + ")::int");
            }
        } catch (SQLException e) {
            closeConnection();
            throw e;
        }
    }

    private long pass() throws SQLException {
        long deleted = 0;
        long now = ExchangeRow.micros(clock.instant());
        if (maxAge.isPresent()) {
            long cutoff = now - maxAge.get().toNanos() / 1000;
            int n;
            do {
                // Ids grow with time: only the oldest CHUNK rows are looked at; started_at has no index.
                n = delete("SELECT id FROM (SELECT id, started_at FROM exchange ORDER BY id LIMIT " + CHUNK
                        + ") o WHERE started_at < " + cutoff);
                deleted += n;
            } while (n == CHUNK);
            while (update("DELETE FROM write_mark WHERE id IN (SELECT id FROM (SELECT id, started_at FROM write_mark "
                            + "ORDER BY id LIMIT " + CHUNK + ") o WHERE started_at < " + cutoff + ")")
                    == CHUNK) {
                // next chunk
            }
        }
        if (maxBytes.isPresent()) {
            long excessRows = excessRows(maxBytes.get());
            while (excessRows > 0) {
                int n = delete("SELECT id FROM exchange ORDER BY id LIMIT " + Math.min(CHUNK, excessRows));
                if (n == 0) {
                    break;
                }
                deleted += n;
                excessRows -= n;
            }
        }
        update("DELETE FROM written_batch WHERE written_at < " + (now - BATCH_KEEP_MICROS));
        return deleted;
    }

    /** Rows to delete, oldest first, to bring the estimated live size within {@code budget}. */
    long excessRows(long budget) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                        "SELECT pg_total_relation_size('exchange'), coalesce(n_live_tup, 0), coalesce(n_dead_tup, 0) "
                                + "FROM pg_stat_user_tables WHERE relid = 'exchange'::regclass");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return 0;
            }
            long size = rs.getLong(1);
            long live = rs.getLong(2);
            long dead = rs.getLong(3);
            if (live == 0) {
                return 0;
            }
            double perRow = (double) size / (live + dead);
            double liveBytes = perRow * live;
            return liveBytes <= budget ? 0 : (long) Math.ceil((liveBytes - budget) / perRow);
        }
    }

    private int delete(String selectIds) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS doomed (id BIGINT PRIMARY KEY) ON COMMIT DELETE ROWS");
            int n = s.executeUpdate("INSERT INTO doomed " + selectIds);
            if (n > 0) {
                s.execute("DELETE FROM finding_exchange WHERE exchange_id IN (SELECT id FROM doomed)");
                s.execute("DELETE FROM exchange WHERE id IN (SELECT id FROM doomed)");
                // Marks share the id sequence: those older than what is deleted go with it.
                s.execute("DELETE FROM write_mark WHERE id <= (SELECT max(id) FROM doomed)");
                s.execute("DELETE FROM finding f WHERE NOT EXISTS "
                        + "(SELECT 1 FROM finding_exchange fe WHERE fe.finding_id = f.id)");
            }
            connection.commit();
            return n;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private int update(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private Long single(String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0L;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // broken already
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        schedule.close();
        synchronized (this) {
            closeConnection();
        }
    }
}
