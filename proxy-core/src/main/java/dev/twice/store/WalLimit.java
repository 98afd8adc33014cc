package dev.twice.store;

import dev.twice.config.Durability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Keeps the -wal file under its limit (docs/reliability.md G63). A reader that holds a transaction
 * open pins the WAL: no checkpoint can reset it, and every commit makes it longer. Past the limit
 * the writer stops writing (the batch is counted as lost, proxying goes on) and tries, at most
 * once a second, a checkpoint that does not wait for readers; once the reader lets go, the
 * checkpoint truncates the WAL and recording resumes.
 */
final class WalLimit implements AutoCloseable {

    private static final long RETRY_NANOS = 1_000_000_000L;

    private final Path wal;
    private final Path db;
    private final long limit;
    private Connection checkpoints;
    private long lastAttempt;

    WalLimit(Path db, long limit) {
        this.db = db;
        this.wal = db.resolveSibling(db.getFileName() + "-wal");
        this.limit = limit;
    }

    /** Writer thread: true when the next batch may be written. Costs one stat while under the limit. */
    boolean allowsWrite() {
        if (size() <= limit) {
            return true;
        }
        long now = System.nanoTime();
        if (now - lastAttempt < RETRY_NANOS && lastAttempt != 0) {
            return false;
        }
        lastAttempt = now;
        try {
            if (checkpoints == null) {
                checkpoints = SqliteStore.connect(db, SqliteStore.Access.CHECKPOINT, Durability.NORMAL);
            }
            try (Statement s = checkpoints.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
                rs.next(); // busy flag, frames in WAL, frames checkpointed: the file size says enough
            }
        } catch (SQLException e) {
            return false;
        }
        return size() <= limit;
    }

    long limit() {
        return limit;
    }

    private long size() {
        try {
            return Files.size(wal);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            return 0; // unknown: let the write decide, its own errors are counted
        }
    }

    @Override
    public void close() {
        if (checkpoints != null) {
            try {
                checkpoints.close();
            } catch (SQLException ignored) {
                // closing at shutdown; nothing left to protect
            }
        }
    }
}
