package dev.twice.engine;

import dev.twice.capture.Exchange;
import dev.twice.config.HostPort;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.store.ExchangeFilter;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.Finding;
import dev.twice.store.RecordingStats;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/** A real twice engine on an ephemeral port with a real SQLite file, plus the client calls the tests share. */
final class TwiceUnderTest implements AutoCloseable {

    final RecordingProxy proxy;
    final Path db;
    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    TwiceUnderTest(String upstreamUrl, Path db) {
        this(upstreamUrl, db, b -> {});
    }

    TwiceUnderTest(String upstreamUrl, Path db, Consumer<TwiceConfig.Builder> tweak) {
        this(upstreamUrl, db, tweak, MemoryPressure::watchHeap);
    }

    private TwiceUnderTest(
            String upstreamUrl,
            Path db,
            Consumer<TwiceConfig.Builder> tweak,
            Function<Consumer<MemoryPressure.Level>, MemoryPressure> heapWatch) {
        this.db = db;
        TwiceConfig.Builder b = TwiceConfig.builder()
                .upstream(Upstream.parse(upstreamUrl))
                .listen(HostPort.parse("127.0.0.1:0"))
                .db(db);
        tweak.accept(b);
        this.proxy = RecordingProxy.start(b.build(), new SimpleMeterRegistry(), heapWatch);
    }

    /** A twice whose memory watch hears only the numbers the test reports, never this JVM's collections. */
    static TwiceUnderTest withReportedHeap(String upstreamUrl, Path db) {
        return new TwiceUnderTest(upstreamUrl, db, b -> {}, MemoryPressure::unwatched);
    }

    String url(String pathAndQuery) {
        return "http://127.0.0.1:" + proxy.proxyAddress().orElseThrow().getPort() + pathAndQuery;
    }

    int port() {
        return proxy.proxyAddress().orElseThrow().getPort();
    }

    HttpResponse<String> send(String method, String pathAndQuery, String body, String... headers) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url(pathAndQuery)))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            r.headers(headers);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    ExchangeQueries queries() {
        return proxy.queries();
    }

    /** Waits (briefly) for the writer to store {@code n} exchanges; recording is asynchronous by design. */
    void awaitRecorded(long n) throws InterruptedException {
        awaitStats(s -> s.recorded() >= n);
    }

    /** Waits (briefly) until the recording counters satisfy {@code condition}; they move after the response is sent. */
    RecordingStats awaitStats(Predicate<RecordingStats> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.test(proxy.stats()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        RecordingStats stats = proxy.stats();
        if (!condition.test(stats)) {
            throw new AssertionError("recording never reached the expected state: " + stats);
        }
        return stats;
    }

    /** Waits until the analyzer has read {@code n} exchanges since start (it runs behind the writer). */
    void awaitAnalysed(long n) throws InterruptedException {
        awaitRecorded(n);
        var analysis = proxy.analysis();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (analysis.status().analysed() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (analysis.status().analysed() < n) {
            throw new AssertionError("analysed " + analysis.status().analysed() + " of " + n);
        }
    }

    List<Finding> findings() {
        return proxy.findings().list(Optional.empty(), Optional.empty());
    }

    /** Findings must appear within one second of the exchange that completes them (docs/interface.md). */
    Finding awaitFinding(String rule) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline) {
            var found = proxy.findings().list(Optional.of(rule), Optional.empty());
            if (!found.isEmpty()) {
                return found.get(0);
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no " + rule + " finding within 1 s; findings: " + findings());
    }

    Exchange onlyExchange() throws InterruptedException {
        awaitRecorded(1);
        var page = queries().list(ExchangeFilter.all(10));
        if (page.items().size() != 1) {
            throw new AssertionError("expected one exchange, found " + page.items());
        }
        return queries().find(page.items().get(0).id()).orElseThrow().exchange();
    }

    @Override
    public void close() {
        proxy.shutdown(Duration.ofSeconds(5));
    }
}
