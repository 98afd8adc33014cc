package dev.twice.store;

import java.sql.SQLException;

/** Keeps a store within its age and size budget, on its own thread; {@link #NONE} when retention is off. */
public interface Retention extends AutoCloseable {

    Retention NONE = new Retention() {
        @Override
        public long run() {
            return 0;
        }

        @Override
        public void close() {}
    };

    /** One pass; returns how many exchanges it deleted. */
    long run() throws SQLException;

    @Override
    void close();
}
