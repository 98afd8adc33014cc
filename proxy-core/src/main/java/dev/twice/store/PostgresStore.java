package dev.twice.store;

import dev.twice.config.RetentionPolicy;
import dev.twice.config.StoreUrl;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;

/**
 * One PostgreSQL database shared by a fleet of instances (docs/fleet.md). Each instance writes
 * its own exchanges through the same bounded queue and shedding rules as SQLite; the store gives
 * ids in commit order ({@link PostgresBatches}); one instance at a time analyses and runs
 * retention. A database that is away at start, or goes away later, does not stop the proxy:
 * recordings wait in the queue and are written when it is back.
 */
public final class PostgresStore extends QueuedStore {

    private static final Logger LOG = Logger.getLogger(PostgresStore.class.getName());
    /** SQLSTATEs that no retry will fix: bad password, no such role, no such database. */
    private static final Set<String> REFUSED = Set.of("28P01", "28000", "3D000");

    private final PostgresConnector connector;
    private final SqlExchangeQueries queries;
    private final SqlFindingStore findings;
    private final PostgresShared shared;

    private PostgresStore(PostgresConnector connector, StoreOptions options, boolean reachable) {
        super(writer(connector, options, reachable));
        this.connector = connector;
        this.queries = new SqlExchangeQueries(connector::openReadOnly, Dialect.POSTGRESQL);
        this.findings = new SqlFindingStore(connector::open, queries, Dialect.POSTGRESQL);
        this.shared = new PostgresShared(connector);
    }

    private static StoreWriter writer(PostgresConnector connector, StoreOptions options, boolean reachable) {
        PostgresBatches batches = new PostgresBatches(connector, options.instance());
        return new StoreWriter(
                reachable ? batches.warm() : batches, // an unreachable one is not waited for twice at start
                options.queueCapacity(),
                options.bodyBudget());
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

    /** The store gives ids; the recorder's numbers only order one instance's queue. */
    @Override
    public long lastId() {
        return 0;
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
    public Cleared clear() throws SQLException {
        try (PostgresRetention r = new PostgresRetention(
                connector, Optional.empty(), Optional.empty(), Clock.systemUTC(), Duration.ZERO)) {
            return r.clear();
        }
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
