package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sqlite.SQLiteException;

/**
 * SQLite's side of the store writer: its connection and its two inserts, one batch, one
 * transaction; ids are the recorder's. After a failure the connection is discarded and the next
 * write opens a fresh one. Writer thread only.
 */
final class BatchInserter implements BatchWriter {

    private static final Logger LOG = Logger.getLogger(BatchInserter.class.getName());

    /** Opens a fresh writer connection. */
    interface Reconnect {
        Connection open() throws SQLException;
    }

    private final Reconnect reconnect;
    private final WalLimit walLimit;
    private final String instance;
    /** Null after a failure until the next write reopens it. */
    private Connection connection;

    private PreparedStatement insert;
    private PreparedStatement insertMark;

    BatchInserter(Connection connection, Reconnect reconnect, WalLimit walLimit, String instance) throws SQLException {
        this.reconnect = reconnect;
        this.walLimit = walLimit;
        this.instance = instance;
        use(connection);
    }

    private void use(Connection c) throws SQLException {
        c.setAutoCommit(false);
        insert = c.prepareStatement(ExchangeRow.INSERT);
        insertMark = c.prepareStatement(ExchangeRow.INSERT_MARK);
        connection = c;
    }

    @Override
    public Optional<Pause> pause() {
        if (walLimit.allowsWrite()) {
            return Optional.empty();
        }
        return Optional.of(new Pause(
                "WAL_LIMIT",
                "the db's WAL reached its limit (" + (walLimit.limit() >> 20) + " MiB): a reader holds an old "
                        + "snapshot open"));
    }

    /** Exchanges and marks of one batch, committed together. */
    @Override
    public List<Traffic> write(List<Traffic> batch, boolean retry) throws SQLException {
        if (connection == null) {
            use(reconnect.open());
        }
        boolean marks = false;
        for (Traffic t : batch) {
            if (t instanceof Exchange e) {
                ExchangeRow.bind(insert, e, instance, ExchangeRow.TextValue.AS_IS);
                insert.addBatch();
            } else if (t instanceof WriteMark m) {
                ExchangeRow.bind(insertMark, m, ExchangeRow.TextValue.AS_IS);
                insertMark.addBatch();
                marks = true;
            }
        }
        insert.executeBatch();
        if (marks) {
            insertMark.executeBatch();
        }
        connection.commit();
        return batch;
    }

    /**
     * Gives the WAL back once recording goes quiet: a checkpoint that truncates it to nothing, so a
     * handful of exchanges never leaves megabytes of WAL beside the db. Best effort: a reader that
     * holds a snapshot makes it a no-op until the next quiet moment.
     */
    @Override
    public void idle() {
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
    @Override
    public String reason(SQLException e) {
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
    @Override
    public void discard() {
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

    @Override
    public void close() {
        walLimit.close();
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
