package dev.twice.store;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Runs a store's retention pass on its own thread, every {@code every} after {@code first}
 * (never when {@code every} is zero: then only the engine's tests run passes), logging what each
 * pass deleted and a failure as a warning; the next pass retries.
 */
final class RetentionSchedule implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RetentionSchedule.class.getName());

    /** One pass: how many exchanges it deleted. */
    interface Pass {
        long run() throws SQLException;
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "twice-retention");
        t.setDaemon(true);
        return t;
    });

    /** {@code where} ends the log line: "" or " from the shared store". */
    RetentionSchedule(Pass pass, Duration first, Duration every, String where) {
        if (!every.isZero()) {
            timer.scheduleWithFixedDelay(
                    () -> {
                        try {
                            long deleted = pass.run();
                            if (deleted > 0) {
                                LOG.info("retention deleted " + deleted + " old exchanges" + where);
                            }
                        } catch (SQLException e) {
                            LOG.warning("retention failed, will retry: " + e.getMessage());
                        }
                    },
                    first.toMillis(),
                    every.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** Stops the schedule and waits (briefly) for a pass under way. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
