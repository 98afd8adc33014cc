package dev.twice.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL's schema as a list of steps keyed on {@code twice_schema.version}. Steps are only
 * ever appended. Every instance of a fleet runs this at start; a transaction-scoped advisory lock
 * makes them take turns, so three instances starting at once migrate once and the others find the
 * work done.
 *
 * <p>Columns that can be long (a URL, a subject, an Idempotency-Key) are indexed by their md5: a
 * B-tree entry must fit in a third of a page, and a URL may not.
 */
final class PostgresMigrations {

    /** The advisory lock key of migrations: "twice" in ASCII, then 1. */
    static final long LOCK = 0x7477696365_01L;

    private static final List<String> STEPS = List.of(
            """
            CREATE SEQUENCE traffic_id;
            CREATE TABLE exchange (
              id BIGINT PRIMARY KEY,
              instance TEXT NOT NULL,
              started_at BIGINT NOT NULL,
              method TEXT NOT NULL,
              url TEXT NOT NULL,
              status INTEGER,
              duration_us BIGINT NOT NULL,
              error TEXT,
              request_size BIGINT NOT NULL,
              request_sha256 BYTEA NOT NULL,
              request_shed INTEGER NOT NULL DEFAULT 0,
              has_response INTEGER NOT NULL,
              response_size BIGINT NOT NULL DEFAULT 0,
              response_sha256 BYTEA,
              response_shed INTEGER NOT NULL DEFAULT 0,
              idempotency_key TEXT,
              request_form INTEGER NOT NULL DEFAULT 0,
              response_form INTEGER NOT NULL DEFAULT 0,
              origin INTEGER NOT NULL DEFAULT 0,
              request_headers TEXT NOT NULL,
              response_headers TEXT,
              request_body BYTEA NOT NULL,
              response_body BYTEA
            );
            CREATE INDEX exchange_by_method ON exchange (method, id);
            CREATE INDEX exchange_by_status ON exchange (status, id);
            CREATE INDEX exchange_by_instance ON exchange (instance, id);
            CREATE INDEX exchange_by_url ON exchange (md5(url), id);
            CREATE INDEX exchange_by_idempotency_key ON exchange (md5(idempotency_key), id)
              WHERE idempotency_key IS NOT NULL;
            CREATE TABLE write_mark (
              id BIGINT PRIMARY KEY,
              started_at BIGINT NOT NULL,
              method TEXT NOT NULL,
              url TEXT NOT NULL,
              status INTEGER
            );
            CREATE INDEX write_mark_by_url ON write_mark (md5(url), id);
            CREATE SEQUENCE finding_version;
            CREATE TABLE finding (
              id BIGSERIAL PRIMARY KEY,
              rule TEXT NOT NULL,
              subject TEXT NOT NULL,
              severity TEXT NOT NULL,
              method TEXT NOT NULL,
              url TEXT NOT NULL,
              message TEXT NOT NULL,
              evidence TEXT NOT NULL,
              first_seen BIGINT NOT NULL,
              last_seen BIGINT NOT NULL,
              version BIGINT NOT NULL
            );
            CREATE UNIQUE INDEX finding_by_subject ON finding (rule, md5(subject));
            CREATE INDEX finding_by_version ON finding (version);
            CREATE TABLE finding_exchange (
              finding_id BIGINT NOT NULL,
              exchange_id BIGINT NOT NULL,
              PRIMARY KEY (finding_id, exchange_id)
            );
            CREATE INDEX finding_exchange_by_exchange ON finding_exchange (exchange_id, finding_id);
            CREATE TABLE written_batch (
              source UUID NOT NULL,
              seq BIGINT NOT NULL,
              written_at BIGINT NOT NULL,
              PRIMARY KEY (source, seq)
            );
            CREATE TABLE analysis_cursor (
              id INTEGER PRIMARY KEY,
              analysed_up_to BIGINT NOT NULL
            );
            INSERT INTO analysis_cursor VALUES (1, 0)
            """,
            // 2: findings a person muted (acknowledged).
            """
            ALTER TABLE finding ADD COLUMN muted BOOLEAN NOT NULL DEFAULT false
            """);

    private PostgresMigrations() {}

    static int latestVersion() {
        return STEPS.size();
    }

    static void apply(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            s.execute("CREATE TABLE IF NOT EXISTS twice_schema (version INTEGER NOT NULL)");
            int version = 0;
            boolean hasRow;
            try (ResultSet rs = s.executeQuery("SELECT version FROM twice_schema")) {
                hasRow = rs.next();
                if (hasRow) {
                    version = rs.getInt(1);
                }
            }
            if (version > STEPS.size()) {
                throw new SQLException("the database has twice schema version " + version
                        + ", newer than this twice understands (" + STEPS.size() + ")");
            }
            if (!hasRow) {
                s.execute("INSERT INTO twice_schema VALUES (0)");
            }
            for (int v = version; v < STEPS.size(); v++) {
                for (String sql : STEPS.get(v).split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("UPDATE twice_schema SET version = " + (v + 1));
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
