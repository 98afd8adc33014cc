package dev.twice.store;

import dev.twice.config.Durability;
import dev.twice.config.RetentionPolicy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.logging.Logger;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteException;

/**
 * One SQLite file in WAL mode, the default store: a single writer connection owned by
 * {@link StoreWriter}, and read connections for the API, which WAL lets run beside the writer.
 * This process alone writes it, so the analysis reads what it commits, in process.
 */
public final class SqliteStore extends QueuedStore {

    private static final Logger LOG = Logger.getLogger(SqliteStore.class.getName());

    private final Path path;
    private final SqlExchangeQueries queries;
    private final SqlFindingStore findings;
    private final long lastId;
    private final Durability durability;

    private SqliteStore(Path path, StoreWriter writer, SqlExchangeQueries queries, long lastId, Durability durability) {
        super(writer);
        this.path = path;
        this.durability = durability;
        this.queries = queries;
        this.findings =
                new SqlFindingStore(() -> connect(path, Access.WRITE_IMMEDIATE, durability), queries, Dialect.SQLITE);
        this.lastId = lastId;
    }

    /**
     * Opens (creating if needed) and migrates the db at {@code path}. A file that is not a
     * database, or a corrupt one, is never repaired in place or written over: it is renamed to
     * {@code <name>.corrupt-<time>} (with its -wal and -shm) and a fresh db is made.
     */
    public static SqliteStore open(Path path, StoreOptions options) throws StoreUnavailableException {
        try {
            return openOnce(path, options);
        } catch (StoreUnavailableException e) {
            if (!(e.getCause() instanceof SQLiteException se) || !isCorrupt(se)) {
                throw e;
            }
            Path aside = moveAside(path, e);
            LOG.warning("the db " + path + " is corrupt (" + se.getResultCode() + "); moved it to " + aside
                    + " and started a fresh one");
            return openOnce(path, options);
        }
    }

    private static boolean isCorrupt(SQLiteException e) {
        String code = e.getResultCode().name();
        return code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB");
    }

    private static Path moveAside(Path path, StoreUnavailableException cause) throws StoreUnavailableException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        Path aside = path.resolveSibling(path.getFileName() + ".corrupt-" + stamp);
        try {
            Files.move(path, aside);
            for (String suffix : new String[] {"-wal", "-shm"}) {
                Path side = path.resolveSibling(path.getFileName() + suffix);
                if (Files.exists(side)) {
                    Files.move(side, aside.resolveSibling(aside.getFileName() + suffix));
                }
            }
        } catch (IOException io) {
            throw new StoreUnavailableException(
                    "the db is corrupt and cannot be moved aside: " + io.getMessage(), cause);
        }
        return aside;
    }

    /**
     * The db holds other people's traffic: a new file is created readable by its owner only, and
     * SQLite gives its {@code -wal} and {@code -shm} the db file's permissions. An existing file
     * keeps the permissions its owner chose.
     */
    private static void createOwnerOnly(Path path) throws StoreUnavailableException {
        if (Files.exists(path)) {
            return;
        }
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: SQLite creates the file as the platform does
        } catch (FileAlreadyExistsException raced) {
            // created meanwhile: opened as it is
        } catch (IOException e) {
            throw new StoreUnavailableException("cannot create " + path + ": " + e.getMessage(), e);
        }
    }

    private static SqliteStore openOnce(Path path, StoreOptions options) throws StoreUnavailableException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new StoreUnavailableException("the directory " + parent + " does not exist", null);
        }
        createOwnerOnly(path);
        Connection c = null;
        try {
            c = connect(path, Access.WRITE, options.durability());
            try (Statement s = c.createStatement()) {
                // Takes effect only in a new, empty db: there, retention's deletes give pages back.
                s.execute("PRAGMA auto_vacuum=INCREMENTAL");
                s.execute("PRAGMA journal_mode=WAL");
            }
            Migrations.apply(c);
            long lastId;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(
                            // Marks of unrecorded writes share the sequence: numbering continues after both.
                            // A clear leaves its highest id behind, so ids are never given twice.
                            "SELECT max((" + Store.Cleared.LAST_ID + "), (SELECT coalesce(max(up_to), 0) "
                                    + "FROM cleared))")) {
                lastId = rs.next() ? rs.getLong(1) : 0;
            }
            StoreWriter writer = new StoreWriter(
                    new BatchInserter(
                            c,
                            () -> connect(path, Access.WRITE, options.durability()),
                            new WalLimit(path, options.walLimit()),
                            options.instance()),
                    options.queueCapacity(),
                    options.bodyBudget());
            return new SqliteStore(
                    path,
                    writer,
                    new SqlExchangeQueries(() -> connect(path, Access.READ, options.durability()), Dialect.SQLITE),
                    lastId,
                    options.durability());
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // already failing; the first error is the one worth reporting
                }
            }
            throw new StoreUnavailableException("cannot open " + path + ": " + e.getMessage(), e);
        }
    }

    /** What a connection is for. */
    enum Access {
        /** The API's reads. */
        READ,
        /** The recording writer: its transactions write from their first statement. */
        WRITE,
        /**
         * Side writers (retention, findings): transactions take the write lock when they begin. A
         * deferred transaction that reads before it writes beside the busy writer fails with
         * SQLITE_BUSY_SNAPSHOT, which no busy timeout can wait out.
         */
        WRITE_IMMEDIATE,
        /** The WAL limit's checkpoints: never waits, a busy reader just means "not yet". */
        CHECKPOINT
    }

    static final int PAGE_SIZE = 4096;
    /** The WAL's size at which a commit checkpoints it into the db file. */
    private static final int CHECKPOINT_BYTES = 16 << 20;

    static Connection connect(Path path, Access access, Durability durability) throws SQLException {
        boolean readOnly = access == Access.READ;
        SQLiteConfig config = new SQLiteConfig();
        if (access == Access.WRITE_IMMEDIATE) {
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        }
        // Ids are assigned by the recorder; asking for generated keys costs a query per insert.
        config.setGetGeneratedKeys(false);
        // SQLite's default 4 KiB pages for a new file: every commit writes each page it dirtied, whole,
        // to the WAL (a row plus its index entries dirty about six), so 64 KiB pages made a sidecar's
        // small commits write ~400 KiB each (bench/README.md, "A sidecar's day"). A file made with
        // other pages keeps them.
        config.setPageSize(PAGE_SIZE);
        config.setSynchronous(
                durability == Durability.FULL
                        ? SQLiteConfig.SynchronousMode.FULL
                        : SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(access == Access.CHECKPOINT ? 0 : 5000);
        config.setJournalSizeLimit(64 << 20);
        // 1 MiB of page cache per connection (SQLite's default is 2 MiB each, outside the Java
        // heap, times the writer, the readers and the checkpointers): a sidecar's memory is small.
        config.setCacheSize(-1024);
        config.setReadOnly(readOnly);
        if (!readOnly) {
            config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(CHECKPOINT_BYTES / PAGE_SIZE));
        }
        return config.createConnection("jdbc:sqlite:" + path);
    }

    @Override
    public Retention retention(RetentionPolicy policy, Clock clock, Duration every) {
        if (policy.equals(RetentionPolicy.OFF)) {
            return Retention.NONE;
        }
        try {
            return new SqliteRetention(
                    connect(path, Access.WRITE_IMMEDIATE, durability),
                    policy.maxAge(),
                    policy.maxBytes(),
                    clock,
                    every);
        } catch (SQLException e) {
            LOG.severe("retention is off: " + e.getMessage());
            return Retention.NONE;
        }
    }

    /** A connection of its own for a component that writes rarely; WAL serialises writers. */
    Connection openWriteConnection() throws SQLException {
        return connect(path, Access.WRITE_IMMEDIATE, durability);
    }

    @Override
    public ExchangeQueries queries() {
        return queries;
    }

    @Override
    public FindingStore findings() {
        return findings;
    }

    @Override
    public Cleared clear() throws SQLException {
        try (SqliteRetention r = new SqliteRetention(
                openWriteConnection(), Optional.empty(), Optional.empty(), Clock.systemUTC(), Duration.ZERO)) {
            return r.clear();
        }
    }

    @Override
    public SharedAnalysis shared() {
        return SharedAnalysis.NONE;
    }

    @Override
    public long lastId() {
        return lastId;
    }

    @Override
    public String describe() {
        return path.toString();
    }

    public Path path() {
        return path;
    }

    @Override
    public void close(Duration deadline) {
        writer.close(deadline);
        findings.close();
        queries.close();
    }
}
