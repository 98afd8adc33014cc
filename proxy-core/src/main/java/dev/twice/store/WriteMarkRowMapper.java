package dev.twice.store;

import dev.twice.capture.WriteMark;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps a {@code write_mark} row, selected as {@link #COLUMNS}. */
final class WriteMarkRowMapper {

    static final String COLUMNS = "id, started_at, method, url, status";

    private WriteMarkRowMapper() {}

    static WriteMark map(ResultSet rs) throws SQLException {
        int status = rs.getInt(5);
        return new WriteMark(
                rs.getLong(1),
                SummaryRowMapper.instant(rs.getLong(2)),
                rs.getString(3),
                rs.getString(4),
                rs.wasNull() ? null : status);
    }
}
