package dev.twice;

import dev.twice.api.DashboardServer;
import dev.twice.cli.CommandLineParser;
import dev.twice.config.TwiceConfig;
import dev.twice.config.Upstream;
import dev.twice.demo.DemoTraffic;
import dev.twice.engine.RecordingProxy;
import dev.twice.engine.StartFailure;
import dev.twice.sample.SampleService;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

/**
 * The one wiring place: a recording proxy and its dashboard, started from one configuration.
 * {@code main} and the tests both start twice through {@link #start}.
 */
public final class Twice implements AutoCloseable {

    /** How long in-flight exchanges may take to finish, and the queue to drain, on shutdown. */
    static final Duration SHUTDOWN_DEADLINE = Duration.ofSeconds(10);

    private final TwiceConfig config;
    private final RecordingProxy engine;
    private final DashboardServer dashboard;
    private final Optional<String> token;
    private final Optional<SampleService> demoUpstream;
    private final Optional<DemoTraffic> demoTraffic;

    private Twice(
            TwiceConfig config,
            RecordingProxy engine,
            DashboardServer dashboard,
            Optional<String> token,
            Optional<SampleService> demoUpstream,
            Optional<DemoTraffic> demoTraffic) {
        this.config = config;
        this.engine = engine;
        this.dashboard = dashboard;
        this.token = token;
        this.demoUpstream = demoUpstream;
        this.demoTraffic = demoTraffic;
    }

    /**
     * Starts twice. With {@code demo} and no upstream, the built-in sample service is the upstream
     * and sample traffic flows through the proxy until {@link #close}.
     */
    public static Twice start(TwiceConfig configured) {
        Optional<SampleService> demo =
                configured.demo() && configured.upstream().isEmpty()
                        ? Optional.of(SampleService.start())
                        : Optional.empty();
        TwiceConfig config =
                demo.map(d -> configured.withUpstream(Upstream.parse(d.url()))).orElse(configured);
        Optional<String> token =
                config.token().or(() -> config.dashboard().isLoopback() ? Optional.empty() : Optional.of(newToken()));
        // One registry per instance: tests start several in one JVM.
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        // A start that fails leaves nothing behind: a db file this start created is removed again.
        boolean freshDb = config.fleet().store().isEmpty() && !Files.exists(config.db());
        RecordingProxy engine;
        try {
            engine = RecordingProxy.start(config, metrics);
        } catch (RuntimeException e) {
            demo.ifPresent(SampleService::close);
            removeIfFresh(freshDb, config.db());
            throw e;
        }
        try {
            DashboardServer dashboard;
            try {
                dashboard = DashboardServer.start(config.dashboard(), token, engine, metrics::scrape);
            } catch (RuntimeException e) {
                throw new StartFailure("--dashboard " + config.dashboard(), e);
            }
            Optional<DemoTraffic> traffic = demo.map(d -> DemoTraffic.start(
                    "http://127.0.0.1:" + engine.proxyAddress().orElseThrow().getPort()));
            return new Twice(config, engine, dashboard, token, demo, traffic);
        } catch (RuntimeException e) {
            engine.close();
            demo.ifPresent(SampleService::close);
            removeIfFresh(freshDb, config.db());
            throw e;
        }
    }

    private static void removeIfFresh(boolean fresh, Path db) {
        if (!fresh) {
            return;
        }
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            try {
                Files.deleteIfExists(db.resolveSibling(db.getFileName() + suffix));
            } catch (IOException e) {
                // best effort: the start failed anyway, and says why
            }
        }
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        CommandLineParser.Parsed parsed = CommandLineParser.parse(args, System.getenv(), out, err);
        if (parsed.config().isEmpty()) {
            System.exit(parsed.exitCode());
            return;
        }
        boolean json = parsed.jsonLog();
        LogSetup.configure(json);
        Twice twice;
        try {
            twice = start(parsed.config().get());
        } catch (RuntimeException e) {
            String why = "cannot start: " + (e instanceof StartFailure ? e.getMessage() : rootMessage(e));
            if (json) {
                Logger.getLogger(Twice.class.getName()).severe(why);
            } else {
                err.println("twice: " + why);
            }
            System.exit(e instanceof StartFailure f ? f.exitCode() : 1);
            return;
        }
        if (json) {
            // Log pipelines read one format: the start lines become records too.
            Logger started = Logger.getLogger("dev.twice.Twice");
            twice.startLines().forEach(started::info);
        } else {
            twice.printStartLines(System.out);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runnable stop = () -> {
            twice.close();
            stopped.countDown();
        };
        SignalExit.onTerminate(stop);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.exit(0);
    }

    /** One line per port and the db path: what a user copies from the terminal or {@code docker logs}. */
    List<String> startLines() {
        // A token the operator supplied is theirs to know and stays out of the log (a Kubernetes
        // Secret would be pointless otherwise); a generated one is printed, or nobody could use it.
        String dashboardLine = config.token().isPresent()
                ? "http://" + hostPort(dashboardAddress())
                        + "/  (token as given in TWICE_TOKEN, --token-file or --token)"
                : dashboardUrl();
        String proxyLine = engine.proxyAddress()
                .map(a -> "http://" + hostPort(a) + " -> "
                        + config.upstream().map(Object::toString).orElse("?")
                        + (demoUpstream.isPresent() ? "  (built-in demo service, sample traffic every 5 s)" : ""))
                .orElse("none (--dashboard-only: the fleet's dashboard and analysis)");
        String storeLine = config.fleet().store().isPresent()
                ? "twice store      " + engine.storeDescription() + "  (shared; this instance is "
                        + config.fleet().instance() + ")"
                : "twice db         " + config.db().toAbsolutePath();
        return List.of(
                "twice proxy      " + proxyLine,
                "twice dashboard  " + dashboardLine,
                storeLine
                        + (engine.stats().enabled()
                                ? ""
                                : "  (recording OFF: "
                                        + engine.stats().problem().orElse("") + ")"));
    }

    void printStartLines(PrintStream out) {
        startLines().forEach(out::println);
        out.flush();
    }

    public String dashboardUrl() {
        return "http://" + hostPort(dashboardAddress()) + "/"
                + token.map(t -> "?token=" + t).orElse("");
    }

    /** Where the proxy listens (a dashboard-only instance has no proxy: it throws). */
    public InetSocketAddress proxyAddress() {
        return engine.proxyAddress()
                .orElseThrow(() -> new IllegalStateException("a dashboard-only twice has no proxy"));
    }

    public InetSocketAddress dashboardAddress() {
        return dashboard.address();
    }

    public Optional<String> token() {
        return token;
    }

    public RecordingProxy engine() {
        return engine;
    }

    /** Dashboard first (no new reads), then the proxy drains and the recording queue is written out. */
    @Override
    public void close() {
        demoTraffic.ifPresent(DemoTraffic::close);
        dashboard.close();
        engine.shutdown(SHUTDOWN_DEADLINE);
        demoUpstream.ifPresent(SampleService::close);
    }

    /**
     * An address as a URL's authority a person can open: a wildcard address (0.0.0.0, ::) listens
     * everywhere, so it is shown as {@code localhost} — what a user of {@code docker run -p} or
     * {@code kubectl port-forward} types — rather than {@code [0:0:0:0:0:0:0:0]}.
     */
    static String hostPort(InetSocketAddress a) {
        if (a.getAddress().isAnyLocalAddress()) {
            return "localhost:" + a.getPort();
        }
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String newToken() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
