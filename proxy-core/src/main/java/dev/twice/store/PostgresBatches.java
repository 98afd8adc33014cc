package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;

/**
 * PostgreSQL's side of the store writer: one batch, one transaction; exchanges go as one binary
 * COPY ({@link CopyRows}), marks of unrecorded writes as a batch of INSERTs.
 *
 * <p>Ids in commit order (docs/fleet.md, "Ids"): the transaction takes one advisory lock, shared by
 * every instance, before it draws its ids from the sequence, and holds it until it commits. So a
 * transaction that draws higher ids commits after every one that drew lower ids, and a reader that
 * has seen id N will never later see a new id below N: keyset paging and the analysis cursor never
 * skip a row. The lock is held for one batch's insert, a few milliseconds.
 *
 * <p>Nothing recorded twice: each batch is numbered by this process ({@code source}, {@code seq})
 * and the number is written in the same transaction. A batch retried after a commit whose outcome
 * was lost with the connection finds its number taken and writes nothing.
 */
final class PostgresBatches implements BatchWriter {

    /** The advisory lock that orders id allocation with commits: "twice" in ASCII, then 2. */
    static final long ORDER_LOCK = 0x7477696365_02L;

    private final PostgresConnector connector;
    private final String instance;
    private final UUID source = UUID.randomUUID();
    private long seq;

    private Connection connection;
    private PreparedStatement insertMark;
    private PreparedStatement claim;
    private PreparedStatement ids;

    PostgresBatches(PostgresConnector connector, String instance) {
        this.connector = connector;
        this.instance = instance;
    }

    /** Connects before the writer thread starts, so the first exchange does not wait for a login. */
    PostgresBatches warm() {
        try {
            open();
        } catch (SQLException e) {
            // the database is away: the first write tries again, and says so if it fails
        }
        return this;
    }

    @Override
    public List<Traffic> write(List<Traffic> batch, boolean retry) throws SQLException {
        if (!retry) {
            seq++; // a retry keeps its batch's number
        }
        if (connection == null) {
            open();
        }
        claim.setObject(1, source);
        claim.setLong(2, seq);
        claim.setLong(3, ExchangeRow.micros(Instant.now()));
        if (claim.executeUpdate() == 0) {
            connection.rollback();
            return List.of(); // written before a connection failure hid the commit
        }
        try (Statement s = connection.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + ORDER_LOCK + ")");
        }
        List<Long> given = new ArrayList<>(batch.size());
        ids.setInt(1, batch.size());
        try (ResultSet rs = ids.executeQuery()) {
            while (rs.next()) {
                given.add(rs.getLong(1));
            }
        }
        given.sort(null);
        List<Traffic> stored = new ArrayList<>(batch.size());
        boolean marks = false;
        List<Exchange> exchanges = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Traffic t = batch.get(i);
            long id = given.get(i);
            if (t instanceof Exchange e) {
                Exchange s = e.withId(id);
                exchanges.add(s);
                stored.add(s);
            } else if (t instanceof WriteMark m) {
                WriteMark s = m.withId(id);
                ExchangeRow.bind(insertMark, s, ExchangeRow.TextValue.WITHOUT_NUL);
                insertMark.addBatch();
                stored.add(s);
                marks = true;
            }
        }
        if (!exchanges.isEmpty()) {
            copy(exchanges);
        }
        if (marks) {
            insertMark.executeBatch();
        }
        connection.commit();
        return stored;
    }

    /** The exchanges as one binary COPY, streamed through a 64 KiB buffer: bodies are never copied whole again. */
    private void copy(List<Exchange> exchanges) throws SQLException {
        PGCopyOutputStream copy = new PGCopyOutputStream(connection.unwrap(PGConnection.class), CopyRows.COPY, 1 << 16);
        try (DataOutputStream out = new DataOutputStream(copy)) {
            CopyRows.header(out);
            for (Exchange e : exchanges) {
                CopyRows.row(out, e, instance);
            }
            CopyRows.trailer(out);
        } catch (IOException e) {
            throw e.getCause() instanceof SQLException s
                    ? s
                    : new SQLException("COPY failed: " + e.getMessage(), "08006", e);
        }
    }

    private void open() throws SQLException {
        Connection c = connector.open();
        try {
            c.setAutoCommit(false);
            insertMark = c.prepareStatement(ExchangeRow.INSERT_MARK);
            claim = c.prepareStatement(
                    "INSERT INTO written_batch (source, seq, written_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
            ids = c.prepareStatement("SELECT nextval('traffic_id') FROM generate_series(1, ?)");
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connection = c;
    }

    /** Counted under a name that says what happened, not a five-character SQLSTATE. */
    @Override
    public String reason(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08")) {
            return "PG_UNREACHABLE";
        }
        return switch (state) {
            case "53100" -> "PG_DISK_FULL";
            case "25006" -> "PG_READ_ONLY";
            case "57P01", "57P02", "57P03" -> "PG_SHUTTING_DOWN";
            case "53300" -> "PG_TOO_MANY_CONNECTIONS";
            default -> state.isEmpty() ? "PG_ERROR" : "PG_" + state;
        };
    }

    /**
     * The database is away, or cannot take writes for now: connection failures (class 08), a
     * shutdown or restart (57P0x), insufficient resources such as a full disk (class 53), a
     * read-only database or standby (25006), a conflict (class 40), or a timeout (no SQLSTATE, the
     * socket timed out). A bad row (class 22, 23) is no reason to wait: it would never go.
     */
    @Override
    public boolean waitsOut(SQLException e) {
        String state = e.getSQLState();
        if (state == null) {
            return true;
        }
        return state.startsWith("08")
                || state.startsWith("57P")
                || state.startsWith("53")
                || state.startsWith("40")
                || state.equals("25006");
    }

    @Override
    public void discard() {
        close();
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close(); // rolls back whatever is open; the statements go with it
        } catch (SQLException ignored) {
            // the connection was broken: closed either way
        }
        connection = null;
    }
}
