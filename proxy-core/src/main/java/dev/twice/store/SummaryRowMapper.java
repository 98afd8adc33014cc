package dev.twice.store;

import dev.twice.capture.Origin;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Maps the summary columns of an {@code exchange} row. */
final class SummaryRowMapper {

    private SummaryRowMapper() {}

    static ExchangeSummary map(ResultSet rs) throws SQLException {
        int status = rs.getInt("status");
        Integer statusOrNull = rs.wasNull() ? null : status;
        return new ExchangeSummary(
                rs.getLong("id"),
                rs.getString("instance"),
                Origin.values()[rs.getInt("origin")],
                instant(rs.getLong("started_at")),
                rs.getString("method"),
                rs.getString("url"),
                statusOrNull,
                rs.getLong("duration_us"),
                rs.getLong("request_size"),
                rs.getLong("response_size"),
                rs.getString("error"),
                rs.getBoolean("truncated"));
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
