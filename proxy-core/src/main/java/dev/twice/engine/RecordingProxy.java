package dev.twice.engine;

import dev.twice.analysis.Analyzer;
import dev.twice.capture.CaptureBudget;
import dev.twice.capture.ExchangeRecorder;
import dev.twice.capture.HeaderRedactor;
import dev.twice.capture.SecretMask;
import dev.twice.capture.StoredRedaction;
import dev.twice.config.RetentionPolicy;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.proxy.ProxyServer;
import dev.twice.proxy.ProxySettings;
import dev.twice.proxy.TrafficObserver;
import dev.twice.store.DisabledRecording;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.FindingStore;
import dev.twice.store.RecordingStats;
import dev.twice.store.Retention;
import dev.twice.store.SqliteStore;
import dev.twice.store.StoreOptions;
import dev.twice.store.StoreUnavailableException;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The engine as a library: a proxy in front of one upstream that records into one SQLite file.
 * When the db cannot be opened the proxy still starts and forwards, with recording off and the
 * reason reported in {@link #stats()}.
 */
public final class RecordingProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecordingProxy.class.getName());

    private final ProxyServer proxy;
    private final SqliteStore store;
    private final DisabledRecording disabled;
    private final Analyzer analyzer;
    private final FindingStore findings;
    private final TwiceMetrics metrics;
    private final Retention retention;
    private final UpstreamHealth upstreamHealth;
    private final MemoryPressure memory;

    /** How often retention runs: often enough that a burst cannot outgrow the budget by much. */
    static final Duration RETENTION_EVERY = Duration.ofSeconds(30);

    private RecordingProxy(
            ProxyServer proxy,
            SqliteStore store,
            DisabledRecording disabled,
            Analyzer analyzer,
            FindingStore findings,
            TwiceMetrics metrics,
            Retention retention,
            UpstreamHealth upstreamHealth,
            MemoryPressure memory) {
        this.memory = memory;
        this.metrics = metrics;
        this.upstreamHealth = upstreamHealth;
        this.retention = retention;
        this.proxy = proxy;
        this.store = store;
        this.disabled = disabled;
        this.analyzer = analyzer;
        this.findings = findings;
    }

    /** Starts with metrics kept in memory only. */
    public static RecordingProxy start(TwiceConfig config) {
        return start(config, new SimpleMeterRegistry());
    }

    /** Starts, recording its metrics into {@code registry} (the launcher's is Prometheus). */
    public static RecordingProxy start(TwiceConfig config, MeterRegistry registry) {
        return start(config, registry, MemoryPressure::watchHeap);
    }

    /** {@code heapWatch}: how the memory watch is made; tests use one that only hears what they report. */
    static RecordingProxy start(
            TwiceConfig config,
            MeterRegistry registry,
            Function<Consumer<MemoryPressure.Level>, MemoryPressure> heapWatch) {
        Upstream upstream = config.upstream().orElseThrow(() -> new IllegalArgumentException("no upstream configured"));
        SqliteStore store = null;
        DisabledRecording disabled = null;
        try {
            store = SqliteStore.open(
                    config.db(),
                    StoreOptions.of(config.recordQueue())
                            .withWalLimit(config.maxWal().bytes())
                            .withDurability(config.durability()));
            store.beforeWrite(new StoredRedaction(
                    new SecretMask(config.redactQuery()),
                    new SecretMask(config.redactFields()),
                    config.maxBody().bytes()));
        } catch (StoreUnavailableException e) {
            LOG.severe("recording is off: " + e.getMessage() + " (proxying goes on)");
            disabled = new DisabledRecording(e.getMessage());
        }
        Analyzer analyzer = null;
        FindingStore findings = null;
        Retention retention = null;
        if (store != null) {
            try {
                findings = FindingStore.open(store);
                analyzer = new Analyzer(config.ignoreFields(), config.redactFields(), store.queries(), findings);
                store.onCommitted(analyzer::offer);
                if (!config.retention().equals(RetentionPolicy.OFF)) {
                    retention = store.retention(
                            config.retention().maxAge(),
                            config.retention().maxBytes(),
                            Clock.systemUTC(),
                            RETENTION_EVERY);
                }
            } catch (SQLException e) {
                LOG.severe("analysis is off: " + e.getMessage());
            }
        }
        MemoryPressure memory = null;
        ExchangeRecorder recorder = new ExchangeRecorder(
                config.record(),
                new HeaderRedactor(config.redactHeaders()),
                store != null ? store.sink() : disabled,
                store != null ? store.lastId() : 0);
        try {
            TwiceMetrics metrics = new TwiceMetrics(registry);
            UpstreamHealth health = new UpstreamHealth();
            SqliteStore recording = store;
            memory = heapWatch.apply(level -> {
                if (recording != null) {
                    recording.shedBodies(level != MemoryPressure.Level.NORMAL);
                }
            });
            MemoryPressure pressure = memory;
            ProxyServer server;
            try {
                server = ProxyServer.start(
                        proxySettings(config, upstream),
                        recorder,
                        TrafficObserver.both(metrics, health),
                        pressure::shedsLoad);
            } catch (RuntimeException e) {
                throw new StartFailure("--listen " + config.listen(), e);
            }
            RecordingProxy engine =
                    new RecordingProxy(server, store, disabled, analyzer, findings, metrics, retention, health, memory);
            metrics.bindRecording(engine::stats, config.db());
            if (analyzer != null) {
                Analyzer a = analyzer;
                Gauge.builder("twice.analysis.backlog", a, Analyzer::backlog)
                        .description("committed exchanges waiting for analysis")
                        .register(registry);
                FunctionCounter.builder("twice.analysis.skipped", a, Analyzer::skipped)
                        .description("exchanges not analysed because the analyzer fell behind")
                        .register(registry);
            }
            return engine;
        } catch (RuntimeException e) {
            if (memory != null) {
                memory.close();
            }
            if (store != null) {
                store.close();
            }
            throw e;
        }
    }

    /** The proxy's share of the configuration, and its share of the heap for bodies in flight. */
    static ProxySettings proxySettings(TwiceConfig config, Upstream upstream) {
        return new ProxySettings(
                config.listen(),
                upstream,
                config.limits(),
                config.maxBody().bytes(),
                config.connectTimeout(),
                config.upstreamTimeout(),
                config.maxConnections(),
                CaptureBudget.quarterOfHeap());
    }

    public InetSocketAddress proxyAddress() {
        return proxy.address();
    }

    /** Reads of the store, or empty when recording is off. */
    public Optional<ExchangeQueries> queries() {
        return Optional.ofNullable(store).map(SqliteStore::queries);
    }

    /** Stored findings, or empty when recording is off. */
    public Optional<FindingStore> findings() {
        return Optional.ofNullable(findings);
    }

    public Optional<Analyzer> analyzer() {
        return Optional.ofNullable(analyzer);
    }

    /** Brings the scrape-time metrics (errors by code, findings by rule) up to date. */
    public void refreshMetrics() {
        metrics.refresh(stats(), findings == null ? Map.of() : findings.countsByRule());
    }

    /** The heap watch, for tests that play the numbers a collection would report. */
    MemoryPressure memoryPressure() {
        return memory;
    }

    /**
     * Why the upstream looks unreachable ({@code "connect_refused since 2026-…"}), or empty while it
     * answers. twice serves 502 meanwhile and never stops for it.
     */
    public Optional<String> upstreamProblem() {
        return upstreamHealth.problem().map(p -> p.error() + " since " + p.since());
    }

    public RecordingStats stats() {
        return store != null ? store.stats() : disabled.stats();
    }

    /** Stops accepting, finishes in-flight exchanges, then writes every queued exchange before closing the db. */
    public void shutdown(Duration deadline) {
        LOG.info("stopping: no new connections; finishing in-flight requests (" + deadline.toSeconds() + " s at most)");
        proxy.shutdown(deadline);
        memory.close();
        if (retention != null) {
            retention.close();
        }
        if (store != null) {
            store.close(deadline);
        }
        if (analyzer != null) {
            analyzer.close(deadline);
        }
        RecordingStats s = stats();
        LOG.info("stopped: " + s.recorded() + " exchanges recorded this run, " + s.dropped() + " dropped, db closed");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
