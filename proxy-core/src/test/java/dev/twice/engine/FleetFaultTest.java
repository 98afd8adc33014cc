package dev.twice.engine;

import static dev.twice.engine.FleetTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.FleetSettings;
import dev.twice.config.StoreUrl;
import dev.twice.sample.SampleService;
import dev.twice.testing.ExternalServer;
import dev.twice.testing.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared store that goes away: a database of its own per test, stopped and started under
 * traffic. No proxied request may fail, nothing recorded twice, and recording and analysis must
 * resume by themselves.
 */
class FleetFaultTest {

    @TempDir
    Path dir;

    @Test
    void aDatabaseStoppedMidTrafficLosesNoRequestAndRecordingResumesByItself() throws Exception {
        try (Postgres pg = Postgres.start();
                SampleService upstream = SampleService.start()) {
            String store = pg.newDatabase();
            try (TwiceUnderTest a = new TwiceUnderTest(
                    upstream.url(),
                    dir.resolve("a.db"),
                    b -> b.fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), "pod-a", false)))) {
                for (int i = 0; i < 10; i++) {
                    assertEquals(200, a.send("PUT", "/ok/counters/" + i, "1").statusCode());
                }
                a.awaitRecorded(10);
                pg.stop();
                for (int i = 10; i < 30; i++) {
                    assertEquals(200, a.send("PUT", "/ok/counters/" + i, "1").statusCode(), "request " + i);
                }
                await("the problem is reported", () -> a.proxy.stats().problem().isPresent(), Duration.ofSeconds(10));
                assertTrue(
                        a.proxy.stats().problem().get().startsWith("PG_"),
                        a.proxy.stats().toString());
                pg.startServer();
                a.awaitRecorded(30);
                await("the problem clears", () -> a.proxy.stats().problem().isEmpty(), Duration.ofSeconds(10));
                assertEquals(30, a.queries().count(), "each exchange once");
                assertEquals(0, a.proxy.stats().dropped());
                // The analysis resumes too: a duplicate after the outage is found.
                a.send("POST", "/broken/orders", "{\"sku\":9}");
                a.send("POST", "/broken/orders", "{\"sku\":9}");
                await("a finding after the outage", () -> !a.findings().isEmpty(), Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void aDatabaseUnreachableAtStartIsWaitedForAndMigratedWhenItAnswers() throws Exception {
        try (Postgres pg = Postgres.start();
                SampleService upstream = SampleService.start()) {
            String store = pg.newDatabase();
            pg.stop();
            try (TwiceUnderTest a = new TwiceUnderTest(
                    upstream.url(),
                    dir.resolve("a.db"),
                    b -> b.fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), "pod-a", false)))) {
                assertEquals(201, a.send("PUT", "/ok/users/1", "{}").statusCode());
                await("degraded", () -> a.proxy.stats().problem().isPresent(), Duration.ofSeconds(10));
                pg.startServer();
                a.awaitRecorded(1);
                assertEquals(1, a.queries().count());
            }
        }
    }

    @Test
    void aDatabaseThatTurnsReadOnlyThenWritableAgainLosesNothingItQueued() throws Exception {
        Postgres pg = Postgres.shared();
        String store = pg.newDatabase();
        String db = Postgres.databaseOf(store);
        try (SampleService upstream = SampleService.start();
                TwiceUnderTest a = new TwiceUnderTest(
                        upstream.url(),
                        dir.resolve("a.db"),
                        b -> b.fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), "pod-a", false)))) {
            a.send("PUT", "/ok/counters/0", "1");
            a.awaitRecorded(1);
            readOnly(pg, db, true);
            for (int i = 1; i <= 5; i++) {
                assertEquals(200, a.send("PUT", "/ok/counters/" + i, "1").statusCode());
            }
            await(
                    "PG_READ_ONLY",
                    () -> a.proxy.stats().problem().orElse("").startsWith("PG_READ_ONLY"),
                    Duration.ofSeconds(10));
            readOnly(pg, db, false);
            a.awaitRecorded(6);
            assertEquals(6, a.queries().count());
        }
    }

    @Test
    void aSlowDatabaseHoldsRecordingsInTheQueueNotTheRequests() throws Exception {
        Postgres pg = Postgres.shared();
        String store = pg.newDatabase();
        try (SampleService upstream = SampleService.start();
                TwiceUnderTest a = new TwiceUnderTest(
                        upstream.url(),
                        dir.resolve("a.db"),
                        b -> b.fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), "pod-a", false)));
                Connection blocker = pg.superuser(Postgres.databaseOf(store))) {
            a.send("PUT", "/ok/counters/0", "1");
            a.awaitRecorded(1);
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE exchange IN EXCLUSIVE MODE"); // every insert waits behind it
            }
            long start = System.nanoTime();
            for (int i = 1; i <= 20; i++) {
                assertEquals(200, a.send("PUT", "/ok/counters/" + i, "1").statusCode());
            }
            assertTrue(
                    System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "requests never wait for the store");
            assertEquals(1, a.proxy.stats().recorded());
            blocker.rollback();
            a.awaitRecorded(21);
            assertEquals(21, a.queries().count());
        }
    }

    /** Makes {@code db} refuse (or accept again) writes, and ends its sessions so that every connection sees it. */
    private static void readOnly(Postgres pg, String db, boolean on) throws Exception {
        try (Connection c = pg.superuser("postgres");
                Statement s = c.createStatement()) {
            s.execute("ALTER DATABASE " + db + " SET default_transaction_read_only = " + on);
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db + "'");
        }
    }

    @Test
    void noServerAtAllStillProxies() throws Exception {
        String nowhere = "postgresql://twice:x@127.0.0.1:" + ExternalServer.freePort() + "/none";
        try (SampleService upstream = SampleService.start();
                TwiceUnderTest a = new TwiceUnderTest(
                        upstream.url(),
                        dir.resolve("a.db"),
                        b -> b.fleet(new FleetSettings(Optional.of(StoreUrl.parse(nowhere)), "pod-a", false)))) {
            assertEquals(201, a.send("PUT", "/ok/users/1", "{}").statusCode());
            await("degraded", () -> a.proxy.stats().problem().isPresent(), Duration.ofSeconds(10));
            assertTrue(
                    a.proxy.stats().problem().get().startsWith("PG_UNREACHABLE"),
                    a.proxy.stats().toString());
        }
    }
}
