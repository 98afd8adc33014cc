package dev.twice.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * SQLite's schema as a list of steps keyed on {@code PRAGMA user_version}: a db made by an older twice
 * opens and is brought forward; steps are only ever appended, never edited.
 */
final class Migrations {

    private static final List<String> STEPS = List.of(
            // 1: exchanges. Bodies and headers last, so list scans rarely touch overflow pages.
            """
            CREATE TABLE exchange (
              id INTEGER PRIMARY KEY,
              started_at INTEGER NOT NULL,
              method TEXT NOT NULL,
              url TEXT NOT NULL,
              status INTEGER,
              duration_us INTEGER NOT NULL,
              error TEXT,
              request_size INTEGER NOT NULL,
              request_sha256 BLOB NOT NULL,
              request_shed INTEGER NOT NULL DEFAULT 0,
              has_response INTEGER NOT NULL,
              response_size INTEGER NOT NULL DEFAULT 0,
              response_sha256 BLOB,
              response_shed INTEGER NOT NULL DEFAULT 0,
              request_headers TEXT NOT NULL,
              response_headers TEXT,
              request_body BLOB NOT NULL,
              response_body BLOB
            );
            CREATE INDEX exchange_by_method ON exchange(method, id);
            CREATE INDEX exchange_by_status ON exchange(status, id);
            """,
            // 2: findings, and what the analysis looks up in older history.
            """
            ALTER TABLE exchange ADD COLUMN idempotency_key TEXT;
            CREATE INDEX exchange_by_url ON exchange(url, id);
            CREATE INDEX exchange_by_idempotency_key ON exchange(idempotency_key, id) WHERE idempotency_key IS NOT NULL;
            CREATE TABLE finding (
              id INTEGER PRIMARY KEY,
              rule TEXT NOT NULL,
              subject TEXT NOT NULL,
              severity TEXT NOT NULL,
              method TEXT NOT NULL,
              url TEXT NOT NULL,
              message TEXT NOT NULL,
              evidence TEXT NOT NULL,
              first_seen INTEGER NOT NULL,
              last_seen INTEGER NOT NULL,
              UNIQUE (rule, subject)
            );
            CREATE TABLE finding_exchange (
              finding_id INTEGER NOT NULL,
              exchange_id INTEGER NOT NULL,
              PRIMARY KEY (finding_id, exchange_id)
            ) WITHOUT ROWID;
            CREATE INDEX finding_exchange_by_exchange ON finding_exchange(exchange_id, finding_id);
            """,
            // 3: writes --record does not keep, so the analysis knows of them after a restart too.
            """
            CREATE TABLE write_mark (
              id INTEGER PRIMARY KEY,
              started_at INTEGER NOT NULL,
              method TEXT NOT NULL,
              url TEXT NOT NULL,
              status INTEGER
            );
            CREATE INDEX write_mark_by_url ON write_mark(url, id);
            """,
            // 4: bodies stored decoded because a secret in their compressed content was masked.
            """
            ALTER TABLE exchange ADD COLUMN request_form INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE exchange ADD COLUMN response_form INTEGER NOT NULL DEFAULT 0;
            """,
            // 5: the instance that recorded each exchange (docs/fleet.md), and findings' change numbers.
            """
            ALTER TABLE exchange ADD COLUMN instance TEXT NOT NULL DEFAULT '';
            CREATE INDEX exchange_by_instance ON exchange(instance, id);
            ALTER TABLE finding ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
            UPDATE finding SET version = id;
            CREATE INDEX finding_by_version ON finding(version);
            """,
            // 6: who sent each request: a client (0) or a verification (1), docs/verification.md.
            """
            ALTER TABLE exchange ADD COLUMN origin INTEGER NOT NULL DEFAULT 0;
            """,
            // 7: findings a person muted (acknowledged).
            """
            ALTER TABLE finding ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
            """,
            // 8: the highest id a clear deleted, so that numbering never starts again below it.
            """
            CREATE TABLE cleared (up_to INTEGER NOT NULL);
            """);

    private Migrations() {}

    static int latestVersion() {
        return STEPS.size();
    }

    /** Applies every step past the db's version, each in its own transaction. */
    static void apply(Connection c) throws SQLException {
        int version;
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("PRAGMA user_version")) {
            version = rs.next() ? rs.getInt(1) : 0;
        }
        if (version > STEPS.size()) {
            throw new SQLException("the db has schema version " + version + ", newer than this twice understands ("
                    + STEPS.size() + ")");
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (int v = version; v < STEPS.size(); v++) {
                for (String sql : STEPS.get(v).split(";")) {
                    if (!sql.isBlank()) {
                        s.execute(sql);
                    }
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            }
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
