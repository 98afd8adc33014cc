package dev.twice.store;

import java.sql.SQLException;

/**
 * How a store shared by a fleet is analysed: by exactly one instance at a time, elected with a
 * lock the database holds for it, reading the store's traffic in id order from a cursor kept in
 * the store (docs/fleet.md, "One analyzer"). {@link #NONE} for a store one process owns.
 */
public interface SharedAnalysis {

    SharedAnalysis NONE = new SharedAnalysis() {
        @Override
        public boolean isShared() {
            return false;
        }

        @Override
        public boolean lead() {
            return false;
        }

        @Override
        public void stepDown() {}

        @Override
        public long cursor() {
            return 0;
        }

        @Override
        public void saveCursor(long analysedUpTo) {}
    };

    boolean isShared();

    /**
     * True while this instance is the store's analyzer: keeps the role if it holds it and its
     * connection is alive, or tries to take it. The database releases the role by itself when the
     * holder's connection ends (the holder crashed, or lost the network).
     */
    boolean lead();

    /** Gives the role up (at shutdown), so another instance takes it over at once. */
    void stepDown();

    /** The id up to which the store's traffic has been analysed. */
    long cursor() throws SQLException;

    /** Moves the cursor forward (never back). */
    void saveCursor(long analysedUpTo) throws SQLException;
}
