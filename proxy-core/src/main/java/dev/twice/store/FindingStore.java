package dev.twice.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Findings in SQLite: written by the analyzer on its own connection, read by the API. Upserts on
 * (rule, subject), so a repeat extends its finding and a restart never duplicates one.
 */
public final class FindingStore implements AutoCloseable {

    private static final String UPSERT = """
            INSERT INTO finding (rule, subject, severity, method, url, message, evidence, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (rule, subject) DO UPDATE SET
              severity = CASE WHEN finding.severity = 'violation' THEN 'violation' ELSE excluded.severity END,
              message = excluded.message, evidence = excluded.evidence,
              first_seen = min(finding.first_seen, excluded.first_seen),
              last_seen = max(finding.last_seen, excluded.last_seen)""";

    private final Connection writer;
    private final ExchangeQueries reads;

    FindingStore(Connection writer, ExchangeQueries reads) {
        this.writer = writer;
        this.reads = reads;
    }

    public static FindingStore open(SqliteStore store) throws SQLException {
        return new FindingStore(store.openWriteConnection(), store.queries());
    }

    /** Creates or extends the finding for (rule, subject); returns it as stored. */
    public synchronized Finding upsert(
            String rule,
            String subject,
            String severity,
            String method,
            String url,
            String message,
            String evidenceJson,
            List<Long> exchangeIds,
            Instant firstSeen,
            Instant lastSeen)
            throws SQLException {
        writer.setAutoCommit(false);
        try {
            try (PreparedStatement ps = writer.prepareStatement(UPSERT)) {
                int i = 1;
                ps.setString(i++, rule);
                ps.setString(i++, subject);
                ps.setString(i++, severity);
                ps.setString(i++, method);
                ps.setString(i++, url);
                ps.setString(i++, message);
                ps.setString(i++, evidenceJson);
                ps.setLong(i++, ExchangeRow.micros(firstSeen));
                ps.setLong(i, ExchangeRow.micros(lastSeen));
                ps.executeUpdate();
            }
            long id;
            try (PreparedStatement ps =
                    writer.prepareStatement("SELECT id FROM finding WHERE rule = ? AND subject = ?")) {
                ps.setString(1, rule);
                ps.setString(2, subject);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = writer.prepareStatement(
                    "INSERT OR IGNORE INTO finding_exchange (finding_id, exchange_id) VALUES (?, ?)")) {
                for (long exchangeId : exchangeIds) {
                    ps.setLong(1, id);
                    ps.setLong(2, exchangeId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            writer.commit();
            return find(id).orElseThrow();
        } catch (SQLException e) {
            writer.rollback();
            throw e;
        } finally {
            writer.setAutoCommit(true);
        }
    }

    /** Findings, newest activity first, optionally of one rule and/or whose URL contains {@code urlContains}. */
    public List<Finding> list(Optional<String> rule, Optional<String> urlContains) {
        StringBuilder sql = new StringBuilder("SELECT * FROM finding WHERE 1=1");
        List<Object> args = new ArrayList<>();
        rule.ifPresent(r -> {
            sql.append(" AND rule = ?");
            args.add(r);
        });
        urlContains.ifPresent(u -> {
            sql.append(" AND instr(url, ?) > 0");
            args.add(u);
        });
        sql.append(" ORDER BY CASE severity WHEN 'violation' THEN 0 ELSE 1 END, last_seen DESC LIMIT 1000");
        return findings(sql.toString(), args.toArray());
    }

    public Optional<Finding> find(long id) {
        return findings("SELECT * FROM finding WHERE id = ?", id).stream().findFirst();
    }

    /** How many findings each rule has. */
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

    /** Rule ids of the findings each of {@code exchangeIds} is part of. */
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
                    f.evidenceJson())));
            return out;
        });
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (SQLException ignored) {
            // closing at shutdown; nothing left to save
        }
    }
}
