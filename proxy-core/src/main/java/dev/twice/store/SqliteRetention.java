package dev.twice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Keeps the db within its budget so a sidecar never fills its node's disk: deletes exchanges older
 * than {@code maxAge} and, oldest first, those past {@code maxBytes} of used pages; removes their
 * findings' links (and findings left without exchanges); truncates the WAL and gives freed pages
 * back to the file system. Runs on its own thread in short transactions beside the writer.
 */
final class SqliteRetention implements Retention {

    private static final Logger LOG = Logger.getLogger(SqliteRetention.class.getName());
    private static final int CHUNK = 2_000;
    /**
     * Bytes of free pages given back to the file system per pass: moving pages writes them to the WAL, so an
     * unbounded vacuum under load would balloon the WAL. Freed pages are reused by new rows anyway.
     */
    static final long VACUUM_BYTES_PER_PASS = 16 << 20;

    private final Connection connection;
    private final Optional<Duration> maxAge;
    private final Optional<Long> maxBytes;
    private final Clock clock;
    private final RetentionSchedule schedule;

    SqliteRetention(
            Connection connection, Optional<Duration> maxAge, Optional<Long> maxBytes, Clock clock, Duration every) {
        this.connection = connection;
        this.maxAge = maxAge;
        this.maxBytes = maxBytes;
        this.clock = clock;
        this.schedule = new RetentionSchedule(this::run, Duration.ZERO, every, "");
    }

    @Override
    public synchronized long run() throws SQLException {
        long deleted = 0;
        if (maxAge.isPresent()) {
            long cutoff = ExchangeRow.micros(clock.instant().minus(maxAge.get()));
            int n;
            do {
                // Ids grow with time: look at the oldest CHUNK rows only, never scan the table (started_at
                // has no index, and this runs every 30 s on stores of millions of rows).
                n = deleteOldest("SELECT id FROM (SELECT id, started_at FROM exchange ORDER BY id LIMIT " + CHUNK
                        + ") WHERE started_at < " + cutoff);
                deleted += n;
            } while (n == CHUNK);
            // Marks of unrecorded writes age out by themselves too, oldest first, in the same chunks.
            while (deleteMarks("SELECT id FROM (SELECT id, started_at FROM write_mark ORDER BY id LIMIT " + CHUNK
                            + ") WHERE started_at < " + cutoff)
                    == CHUNK) {
                // next chunk
            }
        }
        if (maxBytes.isPresent()) {
            while (usedBytes() > maxBytes.get()) {
                long rows = single("SELECT count(*) FROM exchange");
                if (rows == 0) {
                    // Only marks are left over budget: they go, oldest first.
                    if (deleteMarks("SELECT id FROM write_mark ORDER BY id LIMIT " + CHUNK) == 0) {
                        break;
                    }
                    continue;
                }
                // A twentieth of the rows per step, so a large excess takes few passes and each is short.
                int n = deleteOldest(
                        "SELECT id FROM exchange ORDER BY id LIMIT " + Math.max(1, Math.min(CHUNK, rows / 20)));
                deleted += n;
                if (n == 0) {
                    break;
                }
            }
        }
        try (Statement s = connection.createStatement()) {
            // Through JDBC one execution steps the pragma once, and each step frees one page.
            long free = Math.min(single("PRAGMA freelist_count"), VACUUM_BYTES_PER_PASS / single("PRAGMA page_size"));
            for (long i = 0; i < free; i++) {
                s.execute("PRAGMA incremental_vacuum(1)");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (rs.next() && rs.getInt(1) != 0) {
                    LOG.fine("WAL checkpoint was busy; the next pass retries");
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes everything recorded up to the highest id stored now — exchanges in chunks as a pass
     * does, then marks, leftover links and the findings left with none; what is written meanwhile
     * has higher ids and stays (docs/dashboard.md, "Clearing the store").
     */
    synchronized Store.Cleared clear() throws SQLException {
        long last = single(Store.Cleared.LAST_ID);
        long deleted = 0;
        int n;
        do {
            n = deleteOldest("SELECT id FROM exchange WHERE id <= " + last + " ORDER BY id LIMIT " + CHUNK);
            deleted += n;
        } while (n == CHUNK);
        try (Statement s = connection.createStatement()) {
            for (String sql : Store.Cleared.leftovers(last)) {
                s.execute(sql);
            }
            s.execute("DELETE FROM cleared");
            s.execute("INSERT INTO cleared (up_to) VALUES (" + last + ")");
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
        }
        return new Store.Cleared(last, deleted);
    }

    private int deleteMarks(String selectIds) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            return s.executeUpdate("DELETE FROM write_mark WHERE id IN (" + selectIds + ")");
        }
    }

    private int deleteOldest(String selectIds) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS doomed (id INTEGER PRIMARY KEY)");
            s.execute("DELETE FROM doomed");
            int n = s.executeUpdate("INSERT INTO doomed " + selectIds);
            s.execute("DELETE FROM finding_exchange WHERE exchange_id IN (SELECT id FROM doomed)");
            s.execute("DELETE FROM exchange WHERE id IN (SELECT id FROM doomed)");
            // Marks of unrecorded writes share the id sequence: those older than what is deleted go with it.
            s.execute("DELETE FROM write_mark WHERE id <= (SELECT max(id) FROM doomed)");
            s.execute("DELETE FROM finding WHERE id NOT IN (SELECT finding_id FROM finding_exchange)");
            connection.commit();
            connection.setAutoCommit(true);
            // Keep the WAL from growing across a long pass: copy what is committed back now.
            s.execute("PRAGMA wal_checkpoint(PASSIVE)");
            return n;
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** Bytes in use: pages minus free pages (what the file would be after a vacuum). */
    long usedBytes() throws SQLException {
        return (single("PRAGMA page_count") - single("PRAGMA freelist_count")) * single("PRAGMA page_size");
    }

    private long single(String sql) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public void close() {
        schedule.close();
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing at shutdown
        }
    }
}
