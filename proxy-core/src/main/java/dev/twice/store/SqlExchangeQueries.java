package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The reads of either engine, on read-only connections kept in a small pool. Every filter value is
 * a bound parameter; nothing from a request is ever spliced into SQL.
 */
final class SqlExchangeQueries implements ExchangeQueries {

    static final String SUMMARY_COLUMNS =
            "id, instance, origin, started_at, method, url, status, duration_us, request_size, response_size, error, "
                    // length() of a BLOB reads no content, so the list stays cheap.
                    // A body stored decoded (masked) says itself whether it was cut (form 2).
                    + "(CASE request_form WHEN 0 THEN length(request_body) < request_size ELSE request_form = 2 END "
                    + "OR CASE response_form WHEN 0 THEN coalesce(length(response_body), 0) < response_size "
                    + "ELSE response_form = 2 END) AS truncated";

    private final ReadPool pool;
    private final Dialect dialect;
    private final ExchangeSearch search;

    /**
     * Every column but the request body's bytes, read as empty: the analysis judges a request by
     * its hash and size, never its content, and a history look-up should not carry a megabyte of
     * request body per row (the body's stored form and size still say it was kept).
     */
    private final String forAnalysis;

    /** As {@link #forAnalysis}, without the response's bytes either: a timeline shows hashes. */
    private final String forAttempts;

    SqlExchangeQueries(ReadPool.ConnectionFactory factory, Dialect dialect) {
        this.pool = new ReadPool(factory);
        this.dialect = dialect;
        this.search = new ExchangeSearch(this, dialect);
        this.forAnalysis = "id, instance, started_at, method, url, status, duration_us, error, request_size, "
                + "request_sha256, request_shed, has_response, response_size, response_sha256, response_shed, "
                + "request_headers, response_headers, " + dialect.emptyBytes + " AS request_body, response_body, "
                + "idempotency_key, request_form, response_form, origin";
        this.forAttempts = forAnalysis.replace(" response_body,", " " + dialect.emptyBytes + " AS response_body,");
    }

    @Override
    public ExchangePage list(ExchangeFilter filter) {
        if (filter.text().isPresent()) {
            return search.page(filter);
        }
        FilterSql where = FilterSql.of(filter, dialect);
        StringBuilder sql = new StringBuilder("SELECT ")
                .append(SUMMARY_COLUMNS)
                .append(" FROM exchange")
                .append(where.where());
        List<Object> args = new ArrayList<>(where.args());
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

    @Override
    public Optional<StoredExchange> find(long id) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM exchange WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new StoredExchange(ExchangeRowMapper.map(rs), rs.getString("instance")))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Exchange> recentByUrl(String url, long beforeId, int limit) {
        return exchanges(
                "SELECT " + forAnalysis + " FROM exchange WHERE " + dialect.equalsText("url")
                        + " AND id < ? ORDER BY id DESC LIMIT ?",
                textThen(url, beforeId, limit));
    }

    @Override
    public List<WriteMark> recentMarksByUrl(String url, long beforeId, int limit) {
        return marks(
                "SELECT " + MARK_COLUMNS + " FROM write_mark WHERE " + dialect.equalsText("url")
                        + " AND id < ? ORDER BY id DESC LIMIT ?",
                textThen(url, beforeId, limit));
    }

    /** {@code text} as many times as the dialect's text equality binds it, then the rest. */
    private Object[] textThen(String text, Object... rest) {
        int n = dialect.equalsTextParams();
        Object[] args = new Object[n + rest.length];
        for (int i = 0; i < n; i++) {
            args[i] = text;
        }
        System.arraycopy(rest, 0, args, n, rest.length);
        return args;
    }

    private static final String MARK_COLUMNS = WriteMarkRowMapper.COLUMNS;

    private List<WriteMark> marks(String sql, Object... args) {
        return rows(WriteMarkRowMapper::map, sql, args);
    }

    @Override
    public List<Exchange> byIdempotencyKey(String key, long beforeId, int limit) {
        return exchanges(
                "SELECT " + forAnalysis + " FROM exchange WHERE " + dialect.equalsText("idempotency_key")
                        + " AND id < ? ORDER BY id LIMIT ?",
                textThen(key, beforeId, limit));
    }

    @Override
    public List<StoredExchange> attemptsAtUrl(String url, long beforeId, int limit) {
        return rows(
                SqlExchangeQueries::stored,
                "SELECT " + forAttempts + " FROM exchange WHERE " + dialect.equalsText("url")
                        + " AND id < ? ORDER BY id DESC LIMIT ?",
                textThen(url, beforeId, limit));
    }

    @Override
    public List<StoredExchange> attemptsWithKey(String key, int limit) {
        return rows(
                SqlExchangeQueries::stored,
                "SELECT " + forAttempts + " FROM exchange WHERE " + dialect.equalsText("idempotency_key")
                        + " ORDER BY id LIMIT ?",
                textThen(key, limit));
    }

    @Override
    public void forEachStoredUrlAndKey(Consumer<String> sink, String keyPrefix) {
        // Streamed: without it the driver would hold every URL of the fleet's store in memory at once.
        withConnection(c -> streaming(c, () -> {
            stream(c, "SELECT url FROM exchange UNION SELECT url FROM write_mark", "", sink);
            stream(
                    c,
                    "SELECT DISTINCT idempotency_key FROM exchange WHERE idempotency_key IS NOT NULL",
                    keyPrefix,
                    sink);
            return null;
        }));
    }

    interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} where a query with a fetch size streams its rows: PostgreSQL's driver does
     * so only inside a transaction (SQLite steps rows either way); nothing is written, so it ends
     * in a rollback.
     */
    static <T> T streaming(Connection c, Work<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            return work.run();
        } finally {
            c.rollback();
            c.setAutoCommit(true);
        }
    }

    private static void stream(Connection c, String sql, String prefix, Consumer<String> sink) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setFetchSize(1000);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(prefix + rs.getString(1));
                }
            }
        }
    }

    @Override
    public List<Traffic> trafficAfter(long afterId, int limit) {
        List<Exchange> exchanges =
                exchanges("SELECT " + forAnalysis + " FROM exchange WHERE id > ? ORDER BY id LIMIT ?", afterId, limit);
        List<WriteMark> marks =
                marks("SELECT " + MARK_COLUMNS + " FROM write_mark WHERE id > ? ORDER BY id LIMIT ?", afterId, limit);
        // Both lists are complete up to the lower of their last ids (a full list may go on past it).
        long upTo = Long.MAX_VALUE;
        if (exchanges.size() == limit) {
            upTo = exchanges.get(limit - 1).id();
        }
        if (marks.size() == limit) {
            upTo = Math.min(upTo, marks.get(limit - 1).id());
        }
        List<Traffic> out = new ArrayList<>(exchanges.size() + marks.size());
        for (Exchange e : exchanges) {
            if (e.id() <= upTo) {
                out.add(e);
            }
        }
        for (WriteMark m : marks) {
            if (m.id() <= upTo) {
                out.add(m);
            }
        }
        out.sort(Comparator.comparingLong(Traffic::id));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    @Override
    public List<ExchangeSummary> summariesAfter(long afterId, int limit) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + SUMMARY_COLUMNS + " FROM exchange WHERE id > ? ORDER BY id LIMIT ?")) {
                ps.setLong(1, afterId);
                ps.setInt(2, limit);
                List<ExchangeSummary> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(SummaryRowMapper.map(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public List<InstanceSummary> instances() {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                            // Ids from the (instance, id) index, then two rows' times: no scan of the rows.
                            "SELECT i.instance, (SELECT started_at FROM exchange WHERE id = i.lo), "
                                    + "(SELECT started_at FROM exchange WHERE id = i.hi), i.n FROM (SELECT instance, "
                                    + "min(id) AS lo, max(id) AS hi, count(*) AS n FROM exchange GROUP BY instance) i "
                                    + "ORDER BY i.instance");
                    ResultSet rs = ps.executeQuery()) {
                List<InstanceSummary> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new InstanceSummary(
                            rs.getString(1),
                            SummaryRowMapper.instant(rs.getLong(2)),
                            SummaryRowMapper.instant(rs.getLong(3)),
                            rs.getLong(4)));
                }
                return out;
            }
        });
    }

    private List<Exchange> exchanges(String sql, Object... args) {
        return rows(ExchangeRowMapper::map, sql, args);
    }

    private static StoredExchange stored(ResultSet rs) throws SQLException {
        return new StoredExchange(ExchangeRowMapper.map(rs), rs.getString("instance"));
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private <T> List<T> rows(RowMapper<T> mapper, String sql, Object... args) {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                List<T> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long count() {
        return withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM exchange");
                    ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0L;
            }
        });
    }

    <T> T withConnection(ReadPool.Query<T> query) {
        return pool.with(query);
    }

    void close() {
        pool.close();
    }
}
