package dev.twice.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A few read connections kept open between queries: a query borrows one (or opens one when none is
 * idle) and gives it back; a connection that failed is closed, never returned.
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
        Connection c = idle.poll();
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
