package dev.twice.store;

import dev.twice.capture.Traffic;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** One engine's side of the store writer: how a batch is written in one transaction. Writer thread only. */
interface BatchWriter {

    /**
     * Writes {@code batch} in one transaction; returns it as stored (with the ids the store gave).
     * {@code retry}: the same batch again after a failure, which may have committed unseen.
     */
    List<Traffic> write(List<Traffic> batch, boolean retry) throws SQLException;

    /**
     * Why writes must pause now, as a result code and a sentence for the log, or empty. A paused
     * batch is counted as failed under that code.
     */
    default Optional<Pause> pause() {
        return Optional.empty();
    }

    /** The writer has been quiet for a while: a moment to give space back. */
    default void idle() {}

    /** After a failed write: the connection's state is unknown, so it goes; the next write opens a fresh one. */
    void discard();

    /** The result code a failure is counted under. */
    String reason(SQLException e);

    /**
     * True when the failure means the store is away for now (unreachable, restarting, out of
     * space): the batch then waits and is tried again, while new exchanges wait in the bounded
     * queue behind it and are dropped (counted) once it is full.
     */
    default boolean waitsOut(SQLException e) {
        return false;
    }

    void close();

    record Pause(String code, String sentence) {}
}
