package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.WriteMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * The reads the API needs, on read-only connections kept in a small pool. Every filter value is a
 * bound parameter; nothing from a request is ever spliced into SQL.
 */
public final class ExchangeQueries {

    private static final int POOL = 4;
    private static final String SUMMARY_COLUMNS =
            "id, started_at, method, url, status, duration_us, request_size, response_size, error, "
                    // length() of a BLOB reads no content, so the list stays cheap.
                    // A body stored decoded (masked) says itself whether it was cut (form 2).
                    + "(CASE request_form WHEN 0 THEN length(request_body) < request_size ELSE request_form = 2 END "
                    + "OR CASE response_form WHEN 0 THEN coalesce(length(response_body), 0) < response_size "
                    + "ELSE response_form = 2 END) AS truncated";

    interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private final ConnectionFactory factory;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(POOL);

    ExchangeQueries(ConnectionFactory factory) {
        this.factory = factory;
    }

    /** Newest first, {@code filter.limit()} at most; keyset paging on the id, so pages never overlap or skip. */
    public ExchangePage list(ExchangeFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT ").append(SUMMARY_COLUMNS).append(" FROM exchange WHERE 1=1");
        List<Object> args = new ArrayList<>();
        filter.method().ifPresent(m -> {
            sql.append(" AND method = ?");
            args.add(m);
        });
        filter.urlContains().ifPresent(u -> {
            sql.append(" AND instr(url, ?) > 0");
            args.add(u);
        });
        if (filter.statusFrom().isPresent()) {
            sql.append(" AND status BETWEEN ? AND ?");
            args.add(filter.statusFrom().get());
            args.add(filter.statusTo().orElse(filter.statusFrom().get()));
        }
        filter.finding().ifPresent(rule -> {
            sql.append(
                    " AND id IN (SELECT fe.exchange_id FROM finding_exchange fe JOIN finding f ON f.id = fe.finding_id"
                            + " WHERE f.rule = ?)");
            args.add(rule);
        });
        filter.before().ifPresent(b -> {
            sql.append(" AND id < ?");
            args.add(b);
        });
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(filter.limit() + 1);
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                List<ExchangeSummary> items = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(SummaryRowMapper.map(rs));
                    }
                }
                Long next = null;
                if (items.size() > filter.limit()) {
                    items = items.subList(0, filter.limit());
                    next = items.get(items.size() - 1).id();
                }
                return new ExchangePage(items, next);
            }
        });
    }

    public Optional<Exchange> find(long id) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM exchange WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(ExchangeRowMapper.map(rs)) : Optional.empty();
                }
            }
        });
    }

    /** The newest {@code limit} exchanges of {@code url} before {@code beforeId}, newest first. */
    public List<Exchange> recentByUrl(String url, long beforeId, int limit) {
        return exchanges(
                "SELECT * FROM exchange WHERE url = ? AND id < ? ORDER BY id DESC LIMIT ?", url, beforeId, limit);
    }

    /** The newest {@code limit} unrecorded writes to {@code url} before {@code beforeId}, newest first. */
    public List<WriteMark> recentMarksByUrl(String url, long beforeId, int limit) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, started_at, method, url, status FROM write_mark WHERE url = ? AND id < ? "
                            + "ORDER BY id DESC LIMIT ?")) {
                ps.setString(1, url);
                ps.setLong(2, beforeId);
                ps.setInt(3, limit);
                List<WriteMark> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        int status = rs.getInt(5);
                        out.add(new WriteMark(
                                rs.getLong(1),
                                SummaryRowMapper.instant(rs.getLong(2)),
                                rs.getString(3),
                                rs.getString(4),
                                rs.wasNull() ? null : status));
                    }
                }
                return out;
            }
        });
    }

    /** The oldest {@code limit} exchanges carrying Idempotency-Key {@code key} before {@code beforeId}. */
    public List<Exchange> byIdempotencyKey(String key, long beforeId, int limit) {
        return exchanges(
                "SELECT * FROM exchange WHERE idempotency_key = ? AND id < ? ORDER BY id LIMIT ?",
                key,
                beforeId,
                limit);
    }

    /**
     * Streams every distinct URL, and every Idempotency-Key (after {@code keyPrefix}), of the
     * stored exchanges to {@code sink}, without holding them in memory.
     */
    public void forEachStoredUrlAndKey(Consumer<String> sink, String keyPrefix) {
        withConnection(c -> {
            try (PreparedStatement ps =
                            c.prepareStatement("SELECT url FROM exchange UNION SELECT url FROM write_mark");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getString(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                            "SELECT DISTINCT idempotency_key FROM exchange WHERE idempotency_key IS NOT NULL");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(keyPrefix + rs.getString(1));
                }
            }
            return null;
        });
    }

    private List<Exchange> exchanges(String sql, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                List<Exchange> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(ExchangeRowMapper.map(rs));
                    }
                }
                return out;
            }
        });
    }

    public long count() {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM exchange");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    interface Query<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T withConnection(Query<T> query) {
        Connection c = idle.poll();
        try {
            if (c == null) {
                c = factory.open();
            }
            T result = query.run(c);
            if (!idle.offer(c)) {
                c.close();
            }
            return result;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new StoreReadException("reading the store failed: " + e.getMessage(), e);
        }
    }

    void close() {
        Connection c;
        while ((c = idle.poll()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is being thrown away
            }
        }
    }
}
