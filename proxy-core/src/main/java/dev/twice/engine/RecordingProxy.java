package dev.twice.engine;

import dev.twice.analysis.Analyzer;
import dev.twice.analysis.ResponseComparison;
import dev.twice.capture.CaptureBudget;
import dev.twice.capture.ExchangeRecorder;
import dev.twice.capture.HeaderRedactor;
import dev.twice.capture.SecretMask;
import dev.twice.capture.StoredRedaction;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.proxy.ProxyServer;
import dev.twice.proxy.ProxySettings;
import dev.twice.proxy.TrafficObserver;
import dev.twice.proxy.VerificationMark;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.FindingStore;
import dev.twice.store.RecordingStats;
import dev.twice.store.Retention;
import dev.twice.store.Store;
import dev.twice.verify.Verifier;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The engine as a library: a proxy in front of one upstream that records into a store (a SQLite
 * file, or a PostgreSQL database a fleet shares), and the analysis of what it records. When the
 * store cannot be opened the proxy still starts and forwards, with recording off and the reason
 * reported in {@link #stats()}. With {@code --dashboard-only} there is no proxy: the engine serves
 * a shared store's analysis and reads.
 */
public final class RecordingProxy implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RecordingProxy.class.getName());

    private final Optional<ProxyServer> proxy;
    private final Store store;
    private final Analysis analysis;
    private final TwiceMetrics metrics;
    private final Retention retention;
    private final UpstreamHealth upstreamHealth;
    private final MemoryPressure memory;
    private final Verifier verifier;
    private final Optional<Upstream> upstream;
    private final ResponseComparison comparison;

    /** How often retention runs: often enough that a burst cannot outgrow the budget by much. */
    static final Duration RETENTION_EVERY = Duration.ofSeconds(30);

    private RecordingProxy(
            Optional<ProxyServer> proxy,
            Store store,
            Analysis analysis,
            TwiceMetrics metrics,
            Retention retention,
            UpstreamHealth upstreamHealth,
            MemoryPressure memory,
            Verifier verifier,
            ResponseComparison comparison,
            Optional<Upstream> upstream) {
        this.verifier = verifier;
        this.comparison = comparison;
        this.upstream = upstream;
        this.proxy = proxy;
        this.store = store;
        this.analysis = analysis;
        this.metrics = metrics;
        this.retention = retention;
        this.upstreamHealth = upstreamHealth;
        this.memory = memory;
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
        boolean proxying = !config.fleet().dashboardOnly();
        Optional<Upstream> upstream = config.upstream();
        if (proxying && upstream.isEmpty()) {
            throw new IllegalArgumentException("no upstream configured");
        }
        Store store = StoreOpening.open(config);
        MemoryPressure memory = null;
        Analysis analysis = Analysis.NONE;
        Retention retention = Retention.NONE;
        try {
            store.beforeWrite(new StoredRedaction(
                    new SecretMask(config.redactQuery()),
                    new SecretMask(config.redactFields()),
                    config.maxBody().bytes()));
            analysis = startAnalysis(config, store);
            retention = store.retention(config.retention(), Clock.systemUTC(), RETENTION_EVERY);
            ExchangeRecorder recorder = new ExchangeRecorder(
                    config.record(), new HeaderRedactor(config.redactHeaders()), store.sink(), store.lastId());
            TwiceMetrics metrics = new TwiceMetrics(registry);
            UpstreamHealth health = new UpstreamHealth();
            memory = heapWatch.apply(level -> store.shedBodies(level != MemoryPressure.Level.NORMAL));
            MemoryPressure pressure = memory;
            Optional<ProxyServer> server = Optional.empty();
            VerificationMark mark = VerificationMark.random();
            if (proxying) {
                try {
                    server = Optional.of(ProxyServer.start(
                            proxySettings(config, upstream.get(), mark),
                            recorder,
                            TrafficObserver.both(metrics, health),
                            pressure::shedsLoad));
                } catch (RuntimeException e) {
                    throw new StartFailure("--listen " + config.listen(), e);
                }
            }
            ResponseComparison comparison = new ResponseComparison(config.ignoreFields(), config.redactFields());
            Verifier verifier = config.allowVerify()
                    ? new Verifier(
                            store.queries(),
                            server.map(ProxyServer::address),
                            mark,
                            comparison,
                            config.maxBody().bytes())
                    : Verifier.OFF;
            RecordingProxy engine = new RecordingProxy(
                    server, store, analysis, metrics, retention, health, memory, verifier, comparison, upstream);
            metrics.bindRecording(engine::stats, config.db());
            Analysis a = analysis;
            Gauge.builder("twice.analysis.backlog", a, x -> x.status().backlog())
                    .description("committed exchanges waiting for analysis")
                    .register(registry);
            FunctionCounter.builder("twice.analysis.skipped", a, x -> x.status().skipped())
                    .description("exchanges not analysed because the analyzer fell behind")
                    .register(registry);
            return engine;
        } catch (RuntimeException e) {
            if (memory != null) {
                memory.close();
            }
            retention.close();
            analysis.close(Duration.ofSeconds(1));
            store.close();
            throw e;
        }
    }

    private static Analysis startAnalysis(TwiceConfig config, Store store) {
        if (!store.stats().enabled()) {
            return Analysis.NONE;
        }
        Supplier<Analyzer> analyzers =
                () -> new Analyzer(config.ignoreFields(), config.redactFields(), store.queries(), store.findings());
        return store.shared().isShared()
                ? new FleetAnalysis(store, analyzers)
                : new LocalAnalysis(store, analyzers.get(), config.fleet().instance());
    }

    /** The proxy's share of the configuration, and its share of the heap for bodies in flight. */
    static ProxySettings proxySettings(TwiceConfig config, Upstream upstream, VerificationMark mark) {
        return new ProxySettings(
                config.listen(),
                upstream,
                config.limits(),
                config.maxBody().bytes(),
                config.connectTimeout(),
                config.upstreamTimeout(),
                config.maxConnections(),
                CaptureBudget.quarterOfHeap(),
                mark);
    }

    /** Where the proxy listens; empty for a dashboard-only instance. */
    public Optional<InetSocketAddress> proxyAddress() {
        return proxy.map(ProxyServer::address);
    }

    /** The store's reads (empty ones when recording is off). */
    public ExchangeQueries queries() {
        return store.queries();
    }

    /** The store's findings (none when recording is off). */
    public FindingStore findings() {
        return store.findings();
    }

    public Analysis analysis() {
        return analysis;
    }

    /** Where requests are forwarded; empty for a dashboard-only instance. */
    public Optional<Upstream> upstream() {
        return upstream;
    }

    /** The analysis's comparison of two responses (the same fields ignored, the same secrets withheld). */
    public ResponseComparison comparison() {
        return comparison;
    }

    /** Verification of recorded requests: {@link Verifier#OFF} unless {@code --allow-verify}. */
    public Verifier verifier() {
        return verifier;
    }

    /** What the store is: a path, or a URL without its password. */
    public String storeDescription() {
        return store.describe();
    }

    /** Brings the scrape-time metrics (errors by code, findings by rule) up to date. */
    public void refreshMetrics() {
        metrics.refresh(stats(), store.findings().countsByRule());
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

    /**
     * Deletes everything recorded so far (docs/dashboard.md, "Clearing the store"); the analysis
     * forgets it too, and recording goes on.
     */
    public Store.Cleared clearStore() throws SQLException {
        Store.Cleared cleared = store.clear();
        analysis.forgetUpTo(cleared.upToId());
        LOG.info("store cleared: " + cleared.exchanges() + " exchanges up to #" + cleared.upToId());
        return cleared;
    }

    public RecordingStats stats() {
        return store.stats();
    }

    /** Stops accepting, finishes in-flight exchanges, then writes every queued exchange before closing the store. */
    public void shutdown(Duration deadline) {
        LOG.info("stopping: no new connections; finishing in-flight requests (" + deadline.toSeconds() + " s at most)");
        verifier.close();
        proxy.ifPresent(p -> p.shutdown(deadline));
        memory.close();
        retention.close();
        store.drain(deadline); // what is queued is written, and analysed below, before the store closes
        analysis.close(deadline);
        store.close(Duration.ZERO);
        RecordingStats s = stats();
        LOG.info(
                "stopped: " + s.recorded() + " exchanges recorded this run, " + s.dropped() + " dropped, store closed");
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }
}
