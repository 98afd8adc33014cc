package dev.twice.engine;

import dev.twice.analysis.Analyzer;
import dev.twice.analysis.NoiseModel;
import dev.twice.capture.Traffic;
import dev.twice.store.ExchangeFilter;
import dev.twice.store.ExchangeSummary;
import dev.twice.store.Finding;
import dev.twice.store.SharedAnalysis;
import dev.twice.store.Store;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The analysis of a store a fleet shares (docs/fleet.md, "One analyzer"). Duplicate findings are
 * impossible, not unlikely, for two reasons that hold each without the other: exactly one
 * instance analyses at a time (it holds the store's analyzer lock; when it dies, another takes
 * over within a second or two and goes on from the cursor the store keeps), and a finding's write
 * is an upsert on (rule, subject), so even a range analysed twice around a takeover lands on the
 * same findings. The analyzer reads every instance's traffic from the store in id order, which is
 * commit order, so a retry recorded by another replica is seen after its first attempt, like any
 * repeat, and the in-memory history stays exact: nothing reaches the store without passing
 * through the feed.
 *
 * <p>Every instance, analyzer or not, tails the store for its dashboard's live events: new
 * exchanges by id and changed findings by version, a few times a second.
 */
final class FleetAnalysis implements Analysis {

    private static final Logger LOG = Logger.getLogger(FleetAnalysis.class.getName());
    /** Rows per read of the feed: with bodies up to --max-body each, this bounds what one read holds. */
    static final int FEED_BATCH = 64;

    static final Duration LEAD_RETRY = Duration.ofSeconds(1);
    static final Duration POLL = Duration.ofMillis(200);
    static final int TAIL_PAGE = 500;

    private final Store store;
    private final SharedAnalysis shared;
    private final Supplier<Analyzer> analyzers;
    private final Thread feed;
    private final Thread tail;
    private volatile Analyzer analyzer;
    private volatile boolean closing;
    private volatile Consumer<ExchangeSummary> exchanges = s -> {};
    private volatile Consumer<Finding> findings = f -> {};
    private volatile BooleanSupplier listening = () -> true;
    private final Problem feedProblem = new Problem("the fleet's analysis");
    private final Problem tailProblem = new Problem("following the shared store");

    FleetAnalysis(Store store, Supplier<Analyzer> analyzers) {
        this.store = store;
        this.shared = store.shared();
        this.analyzers = analyzers;
        this.feed = new Thread(this::lead, "twice-fleet-analysis");
        this.tail = new Thread(this::follow, "twice-store-tail");
        feed.setDaemon(true);
        tail.setDaemon(true);
        feed.start();
        tail.start();
    }

    /** The feed thread: takes the analyzer's role when free, then feeds it the store's traffic in id order. */
    private void lead() {
        long cursor = 0;
        long saved = 0;
        Problem problem = feedProblem;
        while (!closing) {
            try {
                if (!shared.lead()) {
                    stopAnalyzer();
                    sleep(LEAD_RETRY);
                    continue;
                }
                if (analyzer == null) {
                    cursor = shared.cursor();
                    saved = cursor;
                    analyzer = analyzers.get();
                    LOG.info("this instance now analyses the fleet's traffic, from id " + cursor);
                }
                List<Traffic> batch = store.queries().trafficAfter(cursor, FEED_BATCH);
                for (Traffic t : batch) {
                    while (!analyzer.tryOffer(t)) {
                        sleep(Duration.ofMillis(5));
                    }
                    cursor = t.id();
                }
                long done = analyzer.lastAnalysedId();
                if (done > saved) {
                    shared.saveCursor(done);
                    saved = done;
                }
                problem.cleared();
                if (batch.size() < FEED_BATCH) {
                    sleep(POLL);
                }
            } catch (SQLException | RuntimeException e) {
                problem.report(e);
                // The store is away, or the role was lost with the connection: start again from the cursor.
                stopAnalyzer();
                sleep(LEAD_RETRY);
            }
        }
        stopAnalyzer();
    }

    private void stopAnalyzer() {
        Analyzer a = analyzer;
        if (a != null) {
            analyzer = null;
            a.close(Duration.ofSeconds(2));
            LOG.info("this instance no longer analyses the fleet's traffic");
        }
    }

    /** The tail thread: what every instance's dashboard shows live. */
    private void follow() {
        Problem problem = tailProblem;
        long lastExchange = -1;
        long lastVersion = -1;
        while (!closing) {
            try {
                if (lastExchange < 0) {
                    lastExchange = newestId();
                    lastVersion = store.findings().list(Optional.empty(), Optional.empty()).stream()
                            .mapToLong(Finding::version)
                            .max()
                            .orElse(0);
                }
                if (!listening.getAsBoolean()) {
                    // Nobody hears it: only keep up with the newest id (one index probe), so a
                    // stream that opens now starts from here without reading what it missed.
                    lastExchange = newestId();
                    for (Finding f : store.findings().changedAfter(lastVersion)) {
                        lastVersion = f.version();
                    }
                    problem.cleared();
                    sleep(POLL);
                    continue;
                }
                List<ExchangeSummary> page;
                do { // a busy fleet writes more than a page between two polls: catch up first
                    page = store.queries().summariesAfter(lastExchange, TAIL_PAGE);
                    for (ExchangeSummary s : page) {
                        exchanges.accept(s);
                        lastExchange = s.id();
                    }
                } while (page.size() == TAIL_PAGE && !closing);
                for (Finding f : store.findings().changedAfter(lastVersion)) {
                    findings.accept(f);
                    lastVersion = f.version();
                }
                problem.cleared();
            } catch (RuntimeException e) {
                problem.report(e);
            }
            sleep(POLL);
        }
    }

    private long newestId() {
        List<ExchangeSummary> newest =
                store.queries().list(ExchangeFilter.all(1)).items();
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onExchange(Consumer<ExchangeSummary> listener) {
        exchanges = listener;
    }

    @Override
    public void onFinding(Consumer<Finding> listener) {
        findings = listener;
    }

    @Override
    public void listenWhile(BooleanSupplier anyone) {
        listening = anyone;
    }

    /**
     * Only when this instance is the fleet's analyzer: another instance's analyzer keeps its
     * history in memory until it restarts (docs/dashboard.md, "Clearing the store").
     */
    @Override
    public void forgetUpTo(long id) {
        Analyzer a = analyzer;
        if (a != null) {
            a.forgetUpTo(id);
        }
    }

    @Override
    public NoiseModel noise() {
        Analyzer a = analyzer;
        return a == null ? new NoiseModel() : a.noise();
    }

    @Override
    public AnalysisStatus status() {
        Analyzer a = analyzer;
        Optional<String> problem = feedProblem.current().or(tailProblem::current);
        return a == null
                ? new AnalysisStatus(AnalysisStatus.Role.FOLLOWER, 0, 0, 0, problem)
                : new AnalysisStatus(
                        AnalysisStatus.Role.FLEET_ANALYZER, a.analysed(), a.skipped(), a.backlog(), problem);
    }

    @Override
    public void close(Duration deadline) {
        closing = true;
        try {
            feed.join(deadline.toMillis());
            tail.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        shared.stepDown();
    }

    /** Logs a failure once when it starts and once when it ends, not once per try. */
    private static final class Problem {
        private final String what;
        private volatile String message;

        Problem(String what) {
            this.what = what;
        }

        void report(Exception e) {
            if (message == null) {
                LOG.warning(what + " paused: " + e.getMessage() + "; retrying");
            }
            message = what + " paused: " + e.getMessage();
        }

        void cleared() {
            if (message != null) {
                LOG.info(what + " resumed");
                message = null;
            }
        }

        Optional<String> current() {
            return Optional.ofNullable(message);
        }
    }
}
