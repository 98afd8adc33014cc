package dev.twice.store;

import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.IdempotencyKey;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Exchanges in PostgreSQL's binary COPY format, written straight to the connection: a batch costs
 * the server one COPY instead of parsing and planning multi-row INSERTs, and the driver binds no
 * parameters (the PostgreSQL documentation, "COPY", "Binary Format"). Columns in {@link #COLUMNS}
 * order; every value is sent in the column's binary form (int8, int4, text, bytea).
 */
final class CopyRows {

    static final String COLUMNS = "id, started_at, method, url, status, duration_us, error, request_size, "
            + "request_sha256, request_shed, has_response, response_size, response_sha256, response_shed, "
            + "request_headers, response_headers, request_body, response_body, idempotency_key, request_form, "
            + "response_form, instance, origin";
    static final String COPY = "COPY exchange (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
    private static final int FIELDS = 23;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    private CopyRows() {}

    static void header(DataOutputStream out) throws IOException {
        out.write(SIGNATURE);
        out.writeInt(0); // flags: no OIDs
        out.writeInt(0); // no header extension
    }

    static void trailer(DataOutputStream out) throws IOException {
        out.writeShort(-1);
    }

    static void row(DataOutputStream out, Exchange e, String instance) throws IOException {
        CapturedBody req = e.requestBody();
        CapturedBody res = e.responseBody();
        out.writeShort(FIELDS);
        int8(out, e.id());
        int8(out, ExchangeRow.micros(e.startedAt()));
        text(out, e.method());
        text(out, e.url());
        if (e.status() == null) {
            out.writeInt(-1);
        } else {
            int4(out, e.status());
        }
        int8(out, e.durationNanos() / 1000);
        text(out, e.error());
        int8(out, req.size());
        bytes(out, req.sha256());
        int4(out, req.shed() ? 1 : 0);
        int4(out, e.hasResponse() ? 1 : 0);
        int8(out, res == null ? 0 : res.size());
        bytes(out, res == null ? null : res.sha256());
        int4(out, res != null && res.shed() ? 1 : 0);
        text(out, HeaderCodec.encode(e.requestHeaders()));
        text(out, e.hasResponse() ? HeaderCodec.encode(e.responseHeaders()) : null);
        bytes(out, req.stored());
        bytes(out, res == null ? null : res.stored());
        text(out, IdempotencyKey.of(e.requestHeaders()).orElse(null));
        int4(out, req.form().ordinal());
        int4(out, res == null ? 0 : res.form().ordinal());
        text(out, instance);
        int4(out, e.origin().ordinal());
    }

    private static void int8(DataOutputStream out, long v) throws IOException {
        out.writeInt(8);
        out.writeLong(v);
    }

    private static void int4(DataOutputStream out, int v) throws IOException {
        out.writeInt(4);
        out.writeInt(v);
    }

    /** NUL becomes U+FFFD: PostgreSQL's text cannot hold it, and would refuse the whole batch. */
    private static void text(DataOutputStream out, String s) throws IOException {
        bytes(out, s == null ? null : ExchangeRow.TextValue.WITHOUT_NUL.clean(s).getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }
}
