package dev.twice.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A few read connections kept open between queries: a query borrows one (or opens one when none is
 * idle) and gives it back; a connection that failed is closed, never returned.
 *
 * <p>An idle connection can die while it waits (the database restarted, an administrator ended its
 * session). When a query on a pooled connection fails because the connection is gone, the pool
 * forgets every idle connection and runs the query once more on a fresh one: reads are safe to
 * repeat, and the caller should not see an outage that is already over.
 */
final class ReadPool {

    static final int SIZE = 4;

    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    private final ConnectionFactory factory;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(SIZE);

    ReadPool(ConnectionFactory factory) {
        this.factory = factory;
    }

    <T> T with(Query<T> query) {
        Connection pooled = idle.poll();
        if (pooled == null) {
            return run(null, query);
        }
        try {
            return run(pooled, query);
        } catch (StoreReadException e) {
            if (!(e.getCause() instanceof SQLException cause) || !connectionLost(cause)) {
                throw e;
            }
            close(); // its siblings waited through the same outage
            return run(null, query);
        }
    }

    private <T> T run(Connection pooled, Query<T> query) {
        Connection c = pooled;
        try {
            if (c == null) {
                c = factory.open();
            }
            T result = query.run(c);
            if (!idle.offer(c)) {
                c.close();
            }
            return result;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreReadException("reading the store failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(c); // its state is unknown: it does not go back to the pool
            throw e;
        }
    }

    /**
     * SQLSTATE class 08 is a connection exception; 57P01–57P03 are the server shutting down, crashing
     * or not yet accepting connections (PostgreSQL's "operator intervention").
     */
    static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is being thrown away
            }
        }
    }
}
