package dev.twice.store;

import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.IdempotencyKey;
import dev.twice.capture.WriteMark;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;

/** How an {@link Exchange} becomes a row of {@code exchange}: the insert and its parameters, in one place. */
final class ExchangeRow {

    static final String INSERT = """
            INSERT INTO exchange (id, started_at, method, url, status, duration_us, error,
              request_size, request_sha256, request_shed, has_response, response_size, response_sha256,
              response_shed, request_headers, response_headers, request_body, response_body, idempotency_key,
              request_form, response_form, instance, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private ExchangeRow() {}

    /** {@code text} cleans each text value: PostgreSQL's text cannot hold a NUL, SQLite's can. */
    static void bind(PreparedStatement insert, Exchange e, String instance, TextValue text) throws SQLException {
        int i = 1;
        insert.setLong(i++, e.id());
        insert.setLong(i++, micros(e.startedAt()));
        insert.setString(i++, text.clean(e.method()));
        insert.setString(i++, text.clean(e.url()));
        if (e.status() == null) {
            insert.setNull(i++, Types.INTEGER);
        } else {
            insert.setInt(i++, e.status());
        }
        insert.setLong(i++, e.durationNanos() / 1000);
        insert.setString(i++, text.clean(e.error()));
        CapturedBody req = e.requestBody();
        insert.setLong(i++, req.size());
        insert.setBytes(i++, req.sha256());
        insert.setInt(i++, req.shed() ? 1 : 0);
        insert.setInt(i++, e.hasResponse() ? 1 : 0);
        CapturedBody res = e.responseBody();
        insert.setLong(i++, res == null ? 0 : res.size());
        insert.setBytes(i++, res == null ? null : res.sha256());
        insert.setInt(i++, res != null && res.shed() ? 1 : 0);
        insert.setString(i++, text.clean(HeaderCodec.encode(e.requestHeaders())));
        insert.setString(i++, e.hasResponse() ? text.clean(HeaderCodec.encode(e.responseHeaders())) : null);
        insert.setBytes(i++, req.stored());
        insert.setBytes(i++, res == null ? null : res.stored());
        insert.setString(i++, text.clean(IdempotencyKey.of(e.requestHeaders()).orElse(null)));
        insert.setInt(i++, req.form().ordinal());
        insert.setInt(i++, res == null ? 0 : res.form().ordinal());
        insert.setString(i++, instance);
        insert.setInt(i, e.origin().ordinal());
    }

    static final String INSERT_MARK =
            "INSERT INTO write_mark (id, started_at, method, url, status) VALUES (?, ?, ?, ?, ?)";

    static void bind(PreparedStatement insert, WriteMark m, TextValue text) throws SQLException {
        insert.setLong(1, m.id());
        insert.setLong(2, micros(m.startedAt()));
        insert.setString(3, text.clean(m.method()));
        insert.setString(4, text.clean(m.url()));
        if (m.status() == null) {
            insert.setNull(5, Types.INTEGER);
        } else {
            insert.setInt(5, m.status());
        }
    }

    /** How a text value is made storable. */
    enum TextValue {
        AS_IS,
        /** NUL becomes U+FFFD: a NUL in a text value makes PostgreSQL refuse the whole batch. */
        WITHOUT_NUL;

        String clean(String s) {
            return this == AS_IS || s == null || s.indexOf('\0') < 0 ? s : s.replace('\0', '\uFFFD');
        }
    }

    /** Times are stored as microseconds since the epoch, UTC. */
    static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }
}
