package dev.twice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Findings in either engine: written by the analysis on a connection of its own (opened again
 * after a failure, so a database that went away and came back needs no restart), read by the API
 * on the store's read pool.
 */
final class SqlFindingStore implements FindingStore {

    private final String upsert;
    private final ReadPool.ConnectionFactory connect;
    private final SqlExchangeQueries reads;
    private final Dialect dialect;
    /** Null until the first write, and after a failure until the next. */
    private Connection writer;

    SqlFindingStore(ReadPool.ConnectionFactory connect, SqlExchangeQueries reads, Dialect dialect) {
        this.connect = connect;
        this.reads = reads;
        this.dialect = dialect;
        this.upsert = """
                INSERT INTO finding (rule, subject, severity, method, url, message, evidence, first_seen, last_seen,
                  version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, %s)
                ON CONFLICT %s DO UPDATE SET
                  severity = CASE WHEN finding.severity = 'violation' THEN 'violation' ELSE excluded.severity END,
                  message = excluded.message, evidence = excluded.evidence,
                  first_seen = %s, last_seen = %s, version = excluded.version""".formatted(
                        dialect.nextFindingVersion,
                        dialect.findingKey,
                        dialect.least("finding.first_seen", "excluded.first_seen"),
                        dialect.greatest("finding.last_seen", "excluded.last_seen"));
    }

    @Override
    public synchronized Finding upsert(FindingDraft d) throws SQLException {
        if (writer == null) {
            writer = connect.open();
        }
        writer.setAutoCommit(false);
        try {
            long id;
            try (PreparedStatement ps = writer.prepareStatement(upsert + " RETURNING id")) {
                int i = 1;
                ps.setString(i++, d.rule());
                ps.setString(i++, d.subject());
                ps.setString(i++, d.severity());
                ps.setString(i++, d.method());
                ps.setString(i++, d.url());
                ps.setString(i++, d.message());
                ps.setString(i++, d.evidenceJson());
                ps.setLong(i++, ExchangeRow.micros(d.firstSeen()));
                ps.setLong(i, ExchangeRow.micros(d.lastSeen()));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = writer.prepareStatement(
                    "INSERT INTO finding_exchange (finding_id, exchange_id) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
                for (long exchangeId : d.exchangeIds()) {
                    ps.setLong(1, id);
                    ps.setLong(2, exchangeId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            writer.commit();
            writer.setAutoCommit(true);
            return find(id).orElseThrow();
        } catch (SQLException e) {
            Connection broken = writer;
            writer = null;
            try {
                broken.rollback();
                broken.close();
            } catch (SQLException ignored) {
                // the connection is thrown away either way; the first error is the one to report
            }
            throw e;
        }
    }

    @Override
    public synchronized Optional<Finding> mute(long id, boolean muted) throws SQLException {
        if (writer == null) {
            writer = connect.open();
        }
        try (PreparedStatement ps = writer.prepareStatement(
                "UPDATE finding SET muted = ?, version = " + dialect.nextFindingVersion + " WHERE id = ?")) {
            ps.setBoolean(1, muted);
            ps.setLong(2, id);
            if (ps.executeUpdate() == 0) {
                return Optional.empty();
            }
        } catch (SQLException e) {
            Connection broken = writer;
            writer = null;
            broken.close();
            throw e;
        }
        return find(id);
    }

    @Override
    public List<Finding> list(Optional<String> rule, Optional<String> urlContains) {
        StringBuilder sql = new StringBuilder("SELECT * FROM finding WHERE 1=1");
        List<Object> args = new ArrayList<>();
        rule.ifPresent(r -> {
            sql.append(" AND rule = ?");
            args.add(r);
        });
        urlContains.ifPresent(u -> {
            sql.append(" AND ").append(dialect.contains("url"));
            args.add(u);
        });
        sql.append(" ORDER BY CASE severity WHEN 'violation' THEN 0 ELSE 1 END, last_seen DESC LIMIT 1000");
        return findings(sql.toString(), args.toArray());
    }

    @Override
    public Optional<Finding> find(long id) {
        return findings("SELECT * FROM finding WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public Map<String, Long> countsByRule() {
        return reads.withConnection(c -> {
            Map<String, Long> out = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT rule, count(*) FROM finding GROUP BY rule");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public Map<Long, List<String>> rulesByExchange(List<Long> exchangeIds) {
        Map<Long, List<String>> out = new HashMap<>();
        if (exchangeIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", Collections.nCopies(exchangeIds.size(), "?"));
        return reads.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT fe.exchange_id, f.rule FROM finding_exchange fe "
                    + "JOIN finding f ON f.id = fe.finding_id WHERE fe.exchange_id IN (" + marks
                    + ") ORDER BY f.rule")) {
                for (int i = 0; i < exchangeIds.size(); i++) {
                    ps.setLong(i + 1, exchangeIds.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<String> rules = out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>());
                        if (!rules.contains(rs.getString(2))) {
                            rules.add(rs.getString(2));
                        }
                    }
                }
            }
            return out;
        });
    }

    @Override
    public List<Finding> changedAfter(long version) {
        return findings("SELECT * FROM finding WHERE version > ? ORDER BY version LIMIT 500", version);
    }

    private List<Finding> findings(String sql, Object... args) {
        return reads.withConnection(c -> {
            Map<Long, Finding> byId = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byId.put(rs.getLong("id"), FindingRowMapper.map(rs, List.of()));
                    }
                }
            }
            if (byId.isEmpty()) {
                return List.of();
            }
            Map<Long, List<Long>> exchanges = new HashMap<>();
            String marks = String.join(",", Collections.nCopies(byId.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("SELECT finding_id, exchange_id FROM finding_exchange "
                    + "WHERE finding_id IN (" + marks + ") ORDER BY exchange_id")) {
                int i = 1;
                for (long id : byId.keySet()) {
                    ps.setLong(i++, id);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        exchanges
                                .computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                                .add(rs.getLong(2));
                    }
                }
            }
            List<Finding> out = new ArrayList<>(byId.size());
            byId.forEach((id, f) -> out.add(new Finding(
                    f.id(),
                    f.rule(),
                    f.subject(),
                    f.severity(),
                    f.method(),
                    f.url(),
                    exchanges.getOrDefault(id, List.of()),
                    f.message(),
                    f.firstSeen(),
                    f.lastSeen(),
                    f.evidenceJson(),
                    f.version(),
                    f.muted())));
            return out;
        });
    }

    @Override
    public synchronized void close() {
        if (writer == null) {
            return;
        }
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing at shutdown; nothing left to save
        }
        writer = null;
    }
}
