package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.SQLiteException;

/**
 * The store writer's connection and its two inserts: one batch, one transaction. After a failure
 * the connection is discarded and the next write opens a fresh one. Writer thread only.
 */
final class BatchInserter {

    private static final Logger LOG = Logger.getLogger(BatchInserter.class.getName());

    /** Opens a fresh writer connection. */
    interface Reconnect {
        Connection open() throws SQLException;
    }

    private final Reconnect reconnect;
    /** Null after a failure until the next write reopens it. */
    private Connection connection;

    private PreparedStatement insert;
    private PreparedStatement insertMark;

    BatchInserter(Connection connection, Reconnect reconnect) throws SQLException {
        this.reconnect = reconnect;
        use(connection);
    }

    private void use(Connection c) throws SQLException {
        c.setAutoCommit(false);
        insert = c.prepareStatement(ExchangeRow.INSERT);
        insertMark = c.prepareStatement(ExchangeRow.INSERT_MARK);
        connection = c;
    }

    /** Exchanges and marks of one batch, committed together. */
    void write(List<Traffic> batch) throws SQLException {
        if (connection == null) {
            use(reconnect.open());
        }
        boolean marks = false;
        for (Traffic t : batch) {
            if (t instanceof Exchange e) {
                ExchangeRow.bind(insert, e);
                insert.addBatch();
            } else if (t instanceof WriteMark m) {
                ExchangeRow.bind(insertMark, m);
                insertMark.addBatch();
                marks = true;
            }
        }
        insert.executeBatch();
        if (marks) {
            insertMark.executeBatch();
        }
        connection.commit();
    }

    /**
     * Gives the WAL back once recording goes quiet: a checkpoint that truncates it to nothing, so a
     * handful of exchanges never leaves megabytes of WAL beside the db. Best effort: a reader that
     * holds a snapshot makes it a no-op until the next quiet moment.
     */
    void truncateWal() {
        if (connection == null) {
            return;
        }
        try {
            connection.setAutoCommit(true);
            try (var s = connection.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            } finally {
                connection.setAutoCommit(false);
            }
        } catch (SQLException e) {
            LOG.fine("idle WAL checkpoint did not run: " + e.getMessage());
        }
    }

    /** The SQLite result code a failure is counted under: extended codes fold into their primary one. */
    static String reason(SQLException e) {
        if (e instanceof SQLiteException se) {
            String name = se.getResultCode().name();
            int cut = name.indexOf('_', "SQLITE_".length());
            return cut > 0 ? name.substring(0, cut) : name;
        }
        return "SQL_ERROR";
    }

    /**
     * After a failed write the connection's state is unknown: on SQLITE_FULL SQLite may have rolled
     * the transaction back itself, and the driver's own rollback then fails and leaves the
     * connection outside any transaction, so later inserts would commit one by one behind the
     * batch's back. Closing it rolls back whatever is open; the next write starts clean.
     */
    void discard() {
        if (connection == null) {
            return; // the reconnect itself failed: nothing is open
        }
        try {
            insert.clearBatch();
            insertMark.clearBatch();
            connection.rollback();
        } catch (SQLException ignored) {
            // already rolled back by SQLite, or the connection is broken: closing settles both
        }
        close();
    }

    void close() {
        if (connection == null) {
            return;
        }
        try {
            insert.close();
            insertMark.close();
            connection.close();
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "closing the store: " + e.getMessage());
        }
        connection = null;
        insert = null;
        insertMark = null;
    }
}
