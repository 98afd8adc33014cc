package dev.twice.store;

import dev.twice.capture.ExchangeSink;
import dev.twice.capture.StoredRedaction;
import dev.twice.capture.Traffic;
import dev.twice.config.RetentionPolicy;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where exchanges and findings are kept: one SQLite file ({@link SqliteStore}), one PostgreSQL
 * database shared by a fleet ({@link PostgresStore}), or nothing at all ({@link #off}), which
 * records nothing and says why. The engine, the analysis and the API see only this contract
 * (docs/fleet.md).
 */
public interface Store extends AutoCloseable {

    /** A store that records nothing: every exchange is counted as dropped, every read is empty. */
    static Store off(String reason) {
        return new RecordingOff(reason);
    }

    /** Where the proxy hands finished exchanges; never blocks. */
    ExchangeSink sink();

    /** The number the recorder continues from (the highest id stored; 0 where the store assigns ids). */
    long lastId();

    /** While {@code shed} is true, exchanges are recorded without their body bytes (counted as shed). */
    void shedBodies(boolean shed);

    /** Applied on the writer thread to each exchange before it is written (secret masking); set before traffic. */
    void beforeWrite(StoredRedaction step);

    /** {@code listener} gets every committed batch, ids as stored, on the writer thread; it must not block. */
    void onCommitted(Consumer<List<Traffic>> listener);

    ExchangeQueries queries();

    FindingStore findings();

    /**
     * Starts keeping the store within {@code policy}, a pass every {@code every} (zero: only on {@link
     * Retention#run}).
     */
    Retention retention(RetentionPolicy policy, Clock clock, Duration every);

    /**
     * The fleet's shared analysis (who analyses, and from where), or {@link SharedAnalysis#NONE}
     * where this process alone writes the store and analyses what it commits.
     */
    SharedAnalysis shared();

    /**
     * Deletes every exchange, mark and finding recorded up to the highest id stored now (every
     * instance's, in a shared store); recording goes on, and what is written meanwhile stays.
     */
    Cleared clear() throws SQLException;

    /** What a clear removed: everything up to {@code upToId}, {@code exchanges} of them exchanges. */
    record Cleared(long upToId, long exchanges) {

        /** The highest id stored: exchanges and marks share one sequence. */
        static final String LAST_ID = "SELECT coalesce(max(id), 0) FROM (SELECT max(id) AS id FROM exchange "
                + "UNION ALL SELECT max(id) AS id FROM write_mark) t";

        /** After the exchanges: marks, links the analysis wrote meanwhile, findings left with none. */
        static List<String> leftovers(long upToId) {
            return List.of(
                    "DELETE FROM write_mark WHERE id <= " + upToId,
                    "DELETE FROM finding_exchange WHERE exchange_id <= " + upToId,
                    "DELETE FROM finding WHERE NOT EXISTS "
                            + "(SELECT 1 FROM finding_exchange fe WHERE fe.finding_id = finding.id)");
        }
    }

    /** What this store is, for the start line and the log: a path, or a URL without its password. */
    String describe();

    RecordingStats stats();

    /** Stops taking exchanges and writes what is queued, for at most {@code deadline}; reads go on. */
    void drain(Duration deadline);

    /** Drains the recording queue (bounded by {@code deadline}) and closes every connection. */
    void close(Duration deadline);

    @Override
    default void close() {
        close(Duration.ofSeconds(10));
    }
}
