package dev.twice.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** Maps a {@code finding} row; its exchange ids come from {@code finding_exchange}. */
final class FindingRowMapper {

    private FindingRowMapper() {}

    static Finding map(ResultSet rs, List<Long> exchangeIds) throws SQLException {
        return new Finding(
                rs.getLong("id"),
                rs.getString("rule"),
                rs.getString("subject"),
                rs.getString("severity"),
                rs.getString("method"),
                rs.getString("url"),
                exchangeIds,
                rs.getString("message"),
                SummaryRowMapper.instant(rs.getLong("first_seen")),
                SummaryRowMapper.instant(rs.getLong("last_seen")),
                rs.getString("evidence"),
                rs.getLong("version"),
                rs.getBoolean("muted"));
    }
}
