package dev.twice.engine;

import dev.twice.proxy.TrafficObserver;
import dev.twice.store.RecordingStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * twice's metrics: traffic by method and status, upstream latency as a histogram, recording
 * (recorded, dropped, shed, failed by SQLite code, queue depth), analysis, findings by rule and
 * db size. Request counters are cached per (method, status) so the I/O thread does one map
 * look-up per exchange; everything else is read from the engine when scraped.
 */
final class TwiceMetrics implements TrafficObserver {

    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    private final MeterRegistry registry;
    private Path wal;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejections = new ConcurrentHashMap<>();
    private final Timer upstreamLatency;
    private final AtomicReference<RecordingStats> lastStats = new AtomicReference<>();
    private final Map<String, AtomicLong> findings = new ConcurrentHashMap<>();

    TwiceMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.upstreamLatency = Timer.builder("twice.upstream.latency")
                .description("time from a request's arrival to the upstream's response head")
                // Fifteen buckets a person would choose, not Micrometer's ~70 per series.
                .serviceLevelObjectives(
                        Duration.ofMillis(1),
                        Duration.ofMillis(2),
                        Duration.ofMillis(5),
                        Duration.ofMillis(10),
                        Duration.ofMillis(25),
                        Duration.ofMillis(50),
                        Duration.ofMillis(100),
                        Duration.ofMillis(250),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(1),
                        Duration.ofMillis(2500),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(60))
                .register(registry);
    }

    @Override
    public void upstreamAnswered(long nanosToHead) {
        upstreamLatency.record(nanosToHead, TimeUnit.NANOSECONDS);
    }

    @Override
    public void completed(String method, Integer status, long nanos) {
        // Methods are bounded to the standard ones so a client cannot grow the label set.
        String m = METHODS.contains(method) ? method : "other";
        String s = status == null ? "none" : Integer.toString(status);
        requests.computeIfAbsent(
                        m + " " + s,
                        k -> Counter.builder("twice.requests")
                                .description("proxied requests by method and the status the client got")
                                .tag("method", m)
                                .tag("status", s)
                                .register(registry))
                .increment();
    }

    @Override
    public void rejected(String reason) {
        rejections
                .computeIfAbsent(
                        reason,
                        r -> Counter.builder("twice.rejected")
                                .description("requests twice refused itself, never sent upstream, by reason")
                                .tag("reason", r)
                                .register(registry))
                .increment();
    }

    /** Micrometer holds a meter's state object weakly: these fields keep the suppliers alive. */
    private Supplier<RecordingStats> stats;

    private Path db;

    /** Binds the recording, analysis and store gauges, read from {@code stats} on every scrape. */
    void bindRecording(Supplier<RecordingStats> stats, Path db) {
        this.stats = stats;
        this.db = db;
        FunctionCounter.builder("twice.recorded", stats, s -> s.get().recorded())
                .description("exchanges written to the store")
                .register(registry);
        FunctionCounter.builder("twice.recordings.dropped", stats, s -> s.get().dropped())
                .description("exchanges not recorded: queue full or recording off")
                .register(registry);
        FunctionCounter.builder("twice.bodies.shed", stats, s -> s.get().bodiesShed())
                .description("exchanges recorded without their body bytes under write pressure")
                .register(registry);
        Gauge.builder("twice.recording.queue.depth", stats, s -> s.get().queueDepth())
                .description("exchanges waiting for the store writer")
                .register(registry);
        Gauge.builder(
                        "twice.recording.enabled",
                        stats,
                        s -> s.get().enabled() && s.get().problem().isEmpty() ? 1 : 0)
                .description("1 while recording works, 0 while it is off or failing")
                .register(registry);
        Gauge.builder("twice.db.size", db, TwiceMetrics::fileBytes)
                .baseUnit("bytes")
                .description("the db file")
                .register(registry);
        // Micrometer holds a gauge's object weakly: the WAL's path is kept in a field, or it is
        // collected and the gauge reads NaN.
        this.wal = db.resolveSibling(db.getFileName() + "-wal");
        Gauge.builder("twice.db.wal.size", wal, TwiceMetrics::fileBytes)
                .baseUnit("bytes")
                .description("the db's write-ahead log, truncated when recording is idle")
                .register(registry);
    }

    /** Failure counters appear per SQLite result code as codes occur; called before each scrape. */
    void refresh(RecordingStats stats, Map<String, Long> findingsByRule) {
        stats.failed()
                .keySet()
                .forEach(code -> FunctionCounter.builder(
                                "twice.recording.errors",
                                this,
                                m -> lastStats.get().failed().getOrDefault(code, 0L))
                        .description("exchanges lost to a store error, by SQLite result code")
                        .tag("code", code)
                        .register(registry));
        lastStats.set(stats);
        findingsByRule.forEach((rule, n) -> {
            findings.computeIfAbsent(rule, r -> {
                        AtomicLong value = new AtomicLong();
                        Gauge.builder("twice.findings", value, AtomicLong::get)
                                .description("findings by rule")
                                .tag("rule", r)
                                .register(registry);
                        return value;
                    })
                    .set(n);
        });
    }

    private static double fileBytes(Path p) {
        try {
            return Files.size(p);
        } catch (IOException missing) {
            return 0; // no file (yet): it counts as empty
        }
    }
}
