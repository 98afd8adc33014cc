package dev.twice.store;

import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Origin;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps a whole {@code exchange} row, headers and stored body bytes included. */
final class ExchangeRowMapper {

    private ExchangeRowMapper() {}

    static Exchange map(ResultSet rs) throws SQLException {
        int status = rs.getInt("status");
        Integer statusOrNull = rs.wasNull() ? null : status;
        boolean hasResponse = rs.getInt("has_response") == 1;
        CapturedBody request = new CapturedBody(
                rs.getLong("request_size"),
                bytes(rs, "request_body"),
                rs.getBytes("request_sha256"),
                rs.getInt("request_shed") == 1,
                CapturedBody.Form.values()[rs.getInt("request_form")]);
        CapturedBody response = hasResponse
                ? new CapturedBody(
                        rs.getLong("response_size"),
                        bytes(rs, "response_body"),
                        rs.getBytes("response_sha256"),
                        rs.getInt("response_shed") == 1,
                        CapturedBody.Form.values()[rs.getInt("response_form")])
                : null;
        return new Exchange(
                rs.getLong("id"),
                SummaryRowMapper.instant(rs.getLong("started_at")),
                rs.getString("method"),
                rs.getString("url"),
                statusOrNull,
                rs.getLong("duration_us") * 1000L,
                rs.getString("error"),
                HeaderCodec.decode(rs.getString("request_headers")),
                request,
                hasResponse ? HeaderCodec.decode(rs.getString("response_headers")) : null,
                response,
                Origin.values()[rs.getInt("origin")]);
    }

    private static byte[] bytes(ResultSet rs, String column) throws SQLException {
        byte[] b = rs.getBytes(column);
        return b == null ? new byte[0] : b;
    }
}
