package dev.twice.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.capture.BodyCapture;
import dev.twice.capture.CaptureBudget;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreWriterTest {

    private static final CaptureBudget UNLIMITED = new CaptureBudget(Long.MAX_VALUE);

    @TempDir
    Path dir;

    @Test
    void pastTheBodyBudgetBodiesAreShedButEveryRowIsKept() throws Exception {
        int n = 50;
        try (SqliteStore store =
                SqliteStore.open(dir.resolve("t.db"), StoreOptions.of(1000).withBodyBudget(100 * 1024))) {
            for (int i = 1; i <= n; i++) {
                assertTrue(store.sink().offer(exchange(i, 10 * 1024)));
            }
            store.close(Duration.ofSeconds(10));
            RecordingStats stats = store.stats();
            assertEquals(n, stats.recorded());
            assertTrue(stats.bodiesShed() > 0, stats.toString());
            try (SqliteStore reopened =
                    SqliteStore.open(dir.resolve("t.db"), StoreOptions.of(16).withBodyBudget(1 << 20))) {
                assertEquals(n, reopened.queries().count());
                long shedRows = 0;
                for (long id = 1; id <= n; id++) {
                    Exchange e = reopened.queries().find(id).orElseThrow();
                    assertArrayEquals(
                            body(id, 10 * 1024).sha256(), e.requestBody().sha256());
                    assertEquals(10 * 1024, e.requestBody().size());
                    if (e.requestBody().shed()) {
                        shedRows++;
                        assertEquals(0, e.requestBody().stored().length);
                        assertTrue(e.requestBody().truncated());
                    }
                }
                assertEquals(stats.bodiesShed(), shedRows);
            }
        }
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        int n = 5000;
        try (SqliteStore store =
                SqliteStore.open(dir.resolve("t.db"), StoreOptions.of(4).withBodyBudget(1 << 30))) {
            int accepted = 0;
            for (int i = 1; i <= n; i++) {
                if (store.sink().offer(exchange(i, 16))) {
                    accepted++;
                }
            }
            store.close(Duration.ofSeconds(10));
            RecordingStats stats = store.stats();
            assertTrue(stats.dropped() > 0, stats.toString());
            assertEquals(n, stats.recorded() + stats.dropped());
            assertEquals(accepted, stats.recorded());
        }
    }

    private static Exchange exchange(long id, int bodySize) {
        CapturedBody body = body(id, bodySize);
        return new Exchange(
                id,
                Instant.now(),
                "PUT",
                "/x/" + id,
                200,
                1000,
                null,
                List.of(new Header("Content-Type", "text/plain")),
                body,
                List.of(),
                body);
    }

    private static CapturedBody body(long id, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) ('a' + id % 26));
        BodyCapture c = new BodyCapture(1 << 20, size, UNLIMITED);
        c.update(bytes, 0, size);
        return c.finish();
    }
}
