package dev.twice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twice.config.FleetSettings;
import dev.twice.config.HostPort;
import dev.twice.config.StoreUrl;
import dev.twice.config.TwiceConfig;
import dev.twice.sample.SampleService;
import dev.twice.store.ExchangeFilter;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.Finding;
import dev.twice.store.InstanceSummary;
import dev.twice.testing.Postgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several real twice engines recording into one real PostgreSQL (docs/fleet.md): a retry that
 * lands on another instance is one finding, every instance sees the whole fleet, start-ups
 * migrate once, and an outage of the database loses no proxied request.
 */
class FleetTest {

    @TempDir
    Path dir;

    private SampleService upstream;
    private final List<TwiceUnderTest> started = new ArrayList<>();

    @BeforeEach
    void startUpstream() {
        upstream = SampleService.start();
    }

    @AfterEach
    void stopAll() {
        started.forEach(TwiceUnderTest::close);
        upstream.close();
    }

    private TwiceUnderTest instance(String store, String name) {
        TwiceUnderTest t = new TwiceUnderTest(
                upstream.url(),
                dir.resolve(name + ".db"),
                b -> b.fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), name, false)));
        started.add(t);
        return t;
    }

    @Test
    void aRetryAnsweredByAnotherInstanceIsOneFindingOnEveryInstance() throws Exception {
        String store = Postgres.shared().newDatabase();
        TwiceUnderTest a = instance(store, "pod-a");
        TwiceUnderTest b = instance(store, "pod-b");
        TwiceUnderTest c = instance(store, "pod-c");
        assertEquals(201, a.send("POST", "/broken/orders", "{\"sku\":1}").statusCode());
        assertEquals(201, b.send("POST", "/broken/orders", "{\"sku\":1}").statusCode());
        long sent = System.nanoTime();
        for (TwiceUnderTest t : List.of(a, b, c)) {
            await("the finding on every instance", () -> !t.findings().isEmpty(), Duration.ofSeconds(3));
        }
        assertTrue(System.nanoTime() - sent < Duration.ofSeconds(3).toNanos());
        // More traffic through the third instance, and time for any second analyzer to act.
        assertEquals(201, c.send("POST", "/broken/orders", "{\"sku\":2}").statusCode());
        Thread.sleep(1500);
        for (TwiceUnderTest t : List.of(a, b, c)) {
            List<Finding> findings = t.findings();
            assertEquals(1, findings.size(), findings.toString());
            assertEquals("post-duplicate", findings.get(0).rule());
            assertEquals(2, findings.get(0).exchangeIds().size());
        }
        long analysers = List.of(a, b, c).stream()
                .filter(t -> t.proxy.analysis().status().role() == AnalysisStatus.Role.FLEET_ANALYZER)
                .count();
        assertEquals(1, analysers, "one analyzer per fleet");
        List<ExchangeSummary> all = c.queries().list(ExchangeFilter.all(10)).items();
        assertEquals(
                List.of("pod-c", "pod-b", "pod-a"),
                all.stream().map(ExchangeSummary::instance).toList());
        assertEquals(
                List.of("pod-a", "pod-b", "pod-c"),
                a.queries().instances().stream().map(InstanceSummary::name).toList());
    }

    @Test
    void whenTheAnalyzerStopsAnotherInstanceTakesOverWithoutDuplicates() throws Exception {
        String store = Postgres.shared().newDatabase();
        TwiceUnderTest a = instance(store, "pod-a");
        await(
                "pod-a analyses",
                () -> a.proxy.analysis().status().role() == AnalysisStatus.Role.FLEET_ANALYZER,
                Duration.ofSeconds(5));
        TwiceUnderTest b = instance(store, "pod-b");
        a.send("POST", "/broken/orders", "{\"sku\":1}");
        b.send("POST", "/broken/orders", "{\"sku\":1}");
        await("the finding", () -> !b.findings().isEmpty(), Duration.ofSeconds(3));
        a.close();
        started.remove(a);
        await(
                "pod-b takes over",
                () -> b.proxy.analysis().status().role() == AnalysisStatus.Role.FLEET_ANALYZER,
                Duration.ofSeconds(5));
        b.send("PUT", "/broken/users/7", "{\"n\":1}");
        b.send("PUT", "/broken/users/7", "{\"n\":1}");
        await("the new analyzer's finding", () -> b.findings().size() == 2, Duration.ofSeconds(3));
        Thread.sleep(500);
        List<Finding> findings = b.findings();
        assertEquals(2, findings.size(), findings.toString());
        assertEquals(
                2,
                findings.stream()
                        .filter(f -> f.rule().equals("post-duplicate"))
                        .findFirst()
                        .orElseThrow()
                        .exchangeIds()
                        .size());
    }

    @Test
    void aDashboardOnlyInstanceServesTheWholeFleetWithoutAProxyPort() throws Exception {
        String store = Postgres.shared().newDatabase();
        TwiceUnderTest a = instance(store, "pod-a");
        a.send("PUT", "/ok/users/1", "{}");
        TwiceConfig config = TwiceConfig.builder()
                .dashboard(HostPort.parse("127.0.0.1:0"))
                .fleet(new FleetSettings(Optional.of(StoreUrl.parse(store)), "dashboard", true))
                .build();
        try (RecordingProxy dashboard = RecordingProxy.start(config, new SimpleMeterRegistry())) {
            assertTrue(dashboard.proxyAddress().isEmpty());
            await("the exchange", () -> dashboard.queries().count() == 1, Duration.ofSeconds(3));
            assertEquals(
                    "pod-a",
                    dashboard
                            .queries()
                            .list(ExchangeFilter.all(1))
                            .items()
                            .get(0)
                            .instance());
        }
    }

    @Test
    void threeInstancesStartingAtOnceMigrateOnce() throws Exception {
        String store = Postgres.shared().newDatabase();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<TwiceUnderTest>> starting = new ArrayList<>();
            for (String name : List.of("pod-a", "pod-b", "pod-c")) {
                starting.add(pool.submit(() -> instance(store, name)));
            }
            for (Future<TwiceUnderTest> f : starting) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        try (Connection c = Postgres.shared().superuser(Postgres.databaseOf(store));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*), max(version) FROM twice_schema")) {
            rs.next();
            assertEquals(1, rs.getInt(1));
            assertEquals(2, rs.getInt(2), "every migration step, once");
        }
        for (TwiceUnderTest t : started) {
            assertEquals(200, t.send("PUT", "/ok/users/1", "{}").statusCode() / 100 * 100);
        }
        await("three rows", () -> started.get(0).queries().count() == 3, Duration.ofSeconds(5));
    }

    @Test
    void aPasswordTheDatabaseRefusesStopsTheStartNamingTheFlag() throws Exception {
        String store = Postgres.shared().newDatabase();
        String wrong = Postgres.shared().url(Postgres.databaseOf(store), "not-the-password");
        StartFailure e = assertThrows(StartFailure.class, () -> instance(wrong, "pod-a"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith("--store postgresql://twice:***@127.0.0.1:"), e.getMessage());
        assertTrue(e.getMessage().contains("password authentication failed"), e.getMessage());
        assertTrue(!e.getMessage().contains("not-the-password"));
    }

    static void await(String what, BooleanSupplier condition, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(20);
        }
    }
}
