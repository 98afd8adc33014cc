package dev.twice.store;

import dev.twice.capture.Exchange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A page of a search (docs/dashboard.md, "Search"): the other filters narrow the rows in SQL, then
 * rows are read newest first and matched decoded (TextMatch), since a compressed body cannot be
 * searched in SQL. A page examines at most {@link #MAX_ROWS} rows and {@link #MAX_BYTES} of stored
 * bodies: when it stops there, {@code next} is the last row examined, so the following page goes on
 * from it — no gap, no overlap, and no request that scans a million rows at once.
 */
final class ExchangeSearch {

    static final int MAX_ROWS = 10_000;
    static final long MAX_BYTES = 64L << 20;
    private static final int CHUNK = 200;
    /** Rows held by the driver at once: a chunk of large bodies must not sit in memory together. */
    private static final int FETCH = 16;

    private static final String COLUMNS = SqlExchangeQueries.SUMMARY_COLUMNS
            + ", request_headers, response_headers, request_body, response_body, request_form, response_form,"
            + " has_response, request_sha256, response_sha256, request_shed, response_shed";

    private final SqlExchangeQueries reads;
    private final Dialect dialect;

    ExchangeSearch(SqlExchangeQueries reads, Dialect dialect) {
        this.reads = reads;
        this.dialect = dialect;
    }

    /** What one page has examined and found so far. */
    private static final class Scan {
        final List<ExchangeSummary> found = new ArrayList<>();
        int rows;
        long bytes;
        long lastId = Long.MAX_VALUE;
    }

    ExchangePage page(ExchangeFilter filter) {
        TextMatch match = new TextMatch(filter.text().orElseThrow());
        Scan scan = new Scan();
        long cursor = filter.before().orElse(Long.MAX_VALUE);
        while (true) {
            FilterSql where = FilterSql.of(filter.before(cursor), dialect);
            List<Object> args = new ArrayList<>(where.args());
            args.add(CHUNK);
            String sql = "SELECT " + COLUMNS + " FROM exchange" + where.where() + " ORDER BY id DESC LIMIT ?";
            int read = reads.withConnection(c -> chunk(c, sql, args, match, scan, filter.limit()));
            if (scan.found.size() > filter.limit()) {
                List<ExchangeSummary> items = scan.found.subList(0, filter.limit());
                return new ExchangePage(
                        List.copyOf(items), items.get(items.size() - 1).id());
            }
            if (read < CHUNK) {
                return new ExchangePage(List.copyOf(scan.found), null); // nothing older
            }
            if (scan.rows >= MAX_ROWS || scan.bytes >= MAX_BYTES) {
                return new ExchangePage(List.copyOf(scan.found), scan.lastId); // the next page goes on
            }
            cursor = scan.lastId;
        }
    }

    private static int chunk(Connection c, String sql, List<Object> args, TextMatch match, Scan scan, int limit)
            throws SQLException {
        return SqlExchangeQueries.streaming(c, () -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setFetchSize(FETCH);
                for (int i = 0; i < args.size(); i++) {
                    ps.setObject(i + 1, args.get(i));
                }
                int read = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        read++;
                        ExchangeSummary summary = SummaryRowMapper.map(rs);
                        Exchange exchange = ExchangeRowMapper.map(rs);
                        scan.rows++;
                        scan.bytes += exchange.requestBody().stored().length
                                + (exchange.hasResponse()
                                        ? exchange.responseBody().stored().length
                                        : 0);
                        scan.lastId = summary.id();
                        if (match.matches(exchange)) {
                            scan.found.add(summary);
                            if (scan.found.size() > limit) {
                                return CHUNK; // a full page and one more: enough
                            }
                        }
                        if (scan.rows >= MAX_ROWS || scan.bytes >= MAX_BYTES) {
                            return CHUNK; // budget spent: the page ends here
                        }
                    }
                }
                return read;
            }
        });
    }
}
