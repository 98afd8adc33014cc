package dev.twice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The analyzer's role in a fleet, held as a session-level advisory lock on a connection of its
 * own: PostgreSQL releases it the moment that connection ends, so when the holder dies another
 * instance takes the role on its next try (about a second later), from the cursor in the store.
 * Analysis thread only.
 */
final class PostgresShared implements SharedAnalysis {

    static final long LEADER_LOCK = 0x7477696365_04L;

    private final PostgresConnector connector;
    private Connection connection;
    private boolean held;

    PostgresShared(PostgresConnector connector) {
        this.connector = connector;
    }

    @Override
    public boolean isShared() {
        return true;
    }

    @Override
    public synchronized boolean lead() {
        try {
            if (connection != null && !connection.isValid(2)) {
                drop();
            }
            if (connection == null) {
                connection = connector.open();
            }
            if (!held) {
                try (Statement s = connection.createStatement();
                        ResultSet rs = s.executeQuery("SELECT pg_try_advisory_lock(" + LEADER_LOCK + ")")) {
                    held = rs.next() && rs.getBoolean(1);
                }
            }
            return held;
        } catch (SQLException e) {
            drop();
            return false;
        }
    }

    @Override
    public synchronized void stepDown() {
        drop(); // ending the session releases the lock
    }

    @Override
    public long cursor() throws SQLException {
        try (Connection c = connector.open();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT analysed_up_to FROM analysis_cursor WHERE id = 1")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Override
    public synchronized void saveCursor(long analysedUpTo) throws SQLException {
        if (connection == null) {
            throw new SQLException("not the analyzer: no connection");
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE analysis_cursor SET analysed_up_to = greatest(analysed_up_to, ?) WHERE id = 1")) {
            ps.setLong(1, analysedUpTo);
            ps.executeUpdate();
        }
    }

    private void drop() {
        held = false;
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }
}
