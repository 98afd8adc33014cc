package dev.twice.store;

import dev.twice.capture.ExchangeSink;
import dev.twice.capture.StoredRedaction;
import dev.twice.capture.Traffic;
import dev.twice.config.RetentionPolicy;
import dev.twice.config.StoreUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One PostgreSQL database shared by a fleet of instances (docs/fleet.md). Each instance writes
 * its own exchanges through the same bounded queue and shedding rules as SQLite; the store gives
 * ids in commit order ({@link PostgresBatches}); one instance at a time analyses and runs
 * retention. A database that is away at start, or goes away later, does not stop the proxy:
 * recordings wait in the queue and are written when it is back.
 */
public final class PostgresStore implements Store {

    private static final Logger LOG = Logger.getLogger(PostgresStore.class.getName());
    /** SQLSTATEs that no retry will fix: bad password, no such role, no such database. */
    private static final Set<String> REFUSED = Set.of("28P01", "28000", "3D000");

    private final PostgresConnector connector;
    private final StoreWriter writer;
    private final SqlExchangeQueries queries;
    private final SqlFindingStore findings;
    private final PostgresShared shared;

    private PostgresStore(PostgresConnector connector, StoreOptions options, boolean reachable) {
        this.connector = connector;
        PostgresBatches batches = new PostgresBatches(connector, options.instance());
        this.writer = new StoreWriter(
                reachable ? batches.warm() : batches, // an unreachable one is not waited for twice at start
                options.queueCapacity(),
                options.bodyBudget());
        this.queries = new SqlExchangeQueries(connector::openReadOnly, Dialect.POSTGRESQL);
        this.findings = new SqlFindingStore(connector::open, queries, Dialect.POSTGRESQL);
        this.shared = new PostgresShared(connector);
    }

    /**
     * Connects once to learn what can be known at start: credentials or a database name that the
     * server refuses are a {@link StoreRefusedException} (a bad flag, not a passing fault). A
     * server that does not answer is no reason to stop: the store opens and connects when it can.
     */
    public static PostgresStore open(StoreUrl url, StoreOptions options) throws StoreRefusedException {
        PostgresConnector connector = new PostgresConnector(url, options.instance());
        boolean reachable = false;
        try (Connection c = connector.open()) {
            reachable = true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && REFUSED.contains(e.getSQLState())) {
                throw new StoreRefusedException(url + ": " + e.getMessage(), e);
            }
            LOG.warning("the shared store " + url + " is not reachable (" + e.getMessage()
                    + "); proxying goes on, recordings wait and are written when it is back");
        }
        return new PostgresStore(connector, options, reachable);
    }

    @Override
    public ExchangeSink sink() {
        return writer;
    }

    /** The store gives ids; the recorder's numbers only order one instance's queue. */
    @Override
    public long lastId() {
        return 0;
    }

    @Override
    public void shedBodies(boolean shed) {
        writer.shedBodies(shed);
    }

    @Override
    public void beforeWrite(StoredRedaction step) {
        writer.beforeWrite(step);
    }

    @Override
    public void onCommitted(Consumer<List<Traffic>> listener) {
        writer.onCommitted(listener);
    }

    @Override
    public ExchangeQueries queries() {
        return queries;
    }

    @Override
    public FindingStore findings() {
        return findings;
    }

    @Override
    public Retention retention(RetentionPolicy policy, Clock clock, Duration every) {
        if (policy.equals(RetentionPolicy.OFF)) {
            return Retention.NONE;
        }
        return new PostgresRetention(connector, policy.maxAge(), policy.maxBytes(), clock, every);
    }

    @Override
    public SharedAnalysis shared() {
        return shared;
    }

    @Override
    public String describe() {
        return connector.url().toString();
    }

    @Override
    public RecordingStats stats() {
        return writer.stats();
    }

    @Override
    public void drain(Duration deadline) {
        writer.close(deadline);
    }

    @Override
    public void close(Duration deadline) {
        writer.close(deadline);
        shared.stepDown();
        findings.close();
        queries.close();
    }

    /** For tests: a connection as the store makes them, schema ensured. */
    Connection connect() throws SQLException {
        return connector.open();
    }
}
