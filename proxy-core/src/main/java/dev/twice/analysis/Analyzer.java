package dev.twice.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twice.capture.Exchange;
import dev.twice.capture.Origin;
import dev.twice.capture.SecretNames;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.Finding;
import dev.twice.store.FindingStore;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads each committed exchange once, off the request path, on its own thread: runs every rule
 * against the history before it, stores what they conclude, and tells listeners (the event
 * stream). Fed through a bounded queue; when it cannot keep up, exchanges are skipped and counted,
 * never queued without bound.
 */
public final class Analyzer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Analyzer.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int QUEUE = 65_536;
    /** An eighth of the heap, at most 64 MiB, of body bytes may wait for analysis. */
    static final long QUEUE_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    private final AtomicLong queuedBytes = new AtomicLong();

    private final List<Rule> rules;
    private final AnalysisIndex index;
    private final NoiseModel noise = new NoiseModel();
    private final ResponseDiff diff;
    private final FindingStore findings;
    private final ExchangeQueries history;
    private final BlockingQueue<Traffic> queue = new ArrayBlockingQueue<>(QUEUE);
    private final LongAdder analysed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    private final Thread thread;
    private volatile Consumer<Finding> listener = f -> {};
    private volatile Consumer<Exchange> exchangeListener = e -> {};
    private volatile boolean closing;
    private volatile long lastAnalysedId;
    /** Analyzer thread only: when a failed analysis was last logged, and how many since. */
    private long lastFailureLog;

    private long failuresSinceLog;

    /** {@code secretFields}: names whose values a finding never shows (as {@code --redact-fields} names them). */
    public Analyzer(
            List<String> ignoreFields, List<String> secretFields, ExchangeQueries history, FindingStore findings) {
        ResponseDiff diff = new ResponseDiff(ignoreFields, noise, new SecretNames(secretFields));
        this.rules = Rule.all(diff);
        this.diff = diff;
        this.index = new AnalysisIndex(history);
        this.history = history;
        this.findings = findings;
        this.thread = new Thread(this::run, "twice-analyzer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** What the analysis has learned to be noise, per URL shape (for the API). */
    public NoiseModel noise() {
        return noise;
    }

    /** The rule ids, for validating filters. */
    public static List<String> ruleIds() {
        return List.of(
                PutDuplicateCreateRule.ID,
                PutDivergentResponseRule.ID,
                PostDuplicateRule.ID,
                IdempotencyKeyMismatchRule.ID,
                IdempotencyKeyReuseRule.ID,
                PutDivergentStateRule.ID);
    }

    /** Never blocks: called on the store writer's thread after each commit. */
    public void offer(List<Traffic> committed) {
        for (Traffic t : committed) {
            long bytes = t instanceof Exchange e ? e.heldBodyBytes() : 0;
            // Bounded by count and by the body bytes it holds: a slow analysis must not fill the heap.
            if (queuedBytes.addAndGet(bytes) > QUEUE_BYTES || !queue.offer(t)) {
                queuedBytes.addAndGet(-bytes);
                skipped.increment();
            }
        }
    }

    /**
     * Offers one item if it fits now, and says so; nothing is skipped. For a feeder that can wait
     * (a fleet's analyzer reading the store), unlike {@link #offer}, which must never block the writer.
     */
    public boolean tryOffer(Traffic t) {
        long bytes = t instanceof Exchange e ? e.heldBodyBytes() : 0;
        long queued = queuedBytes.get();
        if (queued > 0 && queued + bytes > QUEUE_BYTES) {
            return false; // one item alone may exceed the bound: an empty queue takes it
        }
        if (!queue.offer(t)) {
            return false;
        }
        queuedBytes.addAndGet(bytes);
        return true;
    }

    /** {@code l} hears of each finding created or extended, on the analyzer thread, after its exchange. */
    public void onFinding(Consumer<Finding> l) {
        listener = l;
    }

    /** {@code l} hears of each committed exchange, on the analyzer thread, before the findings it completes. */
    public void onExchange(Consumer<Exchange> l) {
        exchangeListener = l;
    }

    public long analysed() {
        return analysed.sum();
    }

    public long skipped() {
        return skipped.sum();
    }

    public int backlog() {
        return queue.size();
    }

    /**
     * The store was cleared up to {@code id}: the history held in memory goes (before the next
     * exchange is analysed), and what is still queued up to it is not analysed — a finding must
     * not cite an exchange that is no longer stored. What was learned to be noise stays: it
     * describes the server, not the records.
     */
    public void forgetUpTo(long id) {
        forgetUpTo.accumulateAndGet(id, Math::max);
    }

    private final AtomicLong forgetUpTo = new AtomicLong();
    private long forgotten;

    /** The highest id analysed so far (a fleet's analyzer moves the store's cursor by it). */
    public long lastAnalysedId() {
        return lastAnalysedId;
    }

    private void run() {
        List<Traffic> batch = new ArrayList<>(256);
        try {
            if (!rememberStored()) {
                return;
            }
            while (!closing || !queue.isEmpty()) {
                Traffic first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 255);
                for (Traffic t : batch) {
                    if (forgetUpTo.get() > forgotten) {
                        forgotten = forgetUpTo.get();
                        index.forgetAll();
                    }
                    if (t.id() <= forgotten) {
                        if (t instanceof Exchange e) {
                            queuedBytes.addAndGet(-e.heldBodyBytes());
                        }
                        continue;
                    }
                    if (t instanceof Exchange e && e.origin() == Origin.VERIFICATION) {
                        queuedBytes.addAndGet(-e.heldBodyBytes());
                        verification(e);
                    } else if (t instanceof Exchange e) {
                        queuedBytes.addAndGet(-e.heldBodyBytes());
                        analyse(e);
                    } else if (t instanceof WriteMark m) {
                        index.add(Observation.of(m)); // breaks repeats; judged by no rule
                    }
                    lastAnalysedId = Math.max(lastAnalysedId, t.id());
                }
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Notes what the store already holds before analysing anything; a shared store may be away
     * at this moment, so this is tried again each second until it answers (or the analyzer closes).
     */
    private boolean rememberStored() throws InterruptedException {
        boolean logged = false;
        while (!closing) {
            try {
                history.forEachStoredUrlAndKey(index::rememberStored, AnalysisIndex.KEY_PREFIX);
                return true;
            } catch (RuntimeException e) {
                if (!logged) {
                    LOG.warning("the analysis waits for the store: " + e.getMessage());
                    logged = true;
                }
                Thread.sleep(1000);
            }
        }
        return false;
    }

    /**
     * A verification's request is twice's, not a client's: no rule judges it, and it is no repeat
     * or first attempt of anything; but a write it made may have changed the server's state, so it
     * breaks repeats of client requests around it, as a mark does (docs/verification.md).
     */
    private void verification(Exchange e) {
        exchangeListener.accept(e);
        if (WriteMark.isWrite(e.method())) {
            index.add(Observation.of(new WriteMark(e.id(), e.startedAt(), e.method(), e.url(), e.status())));
        }
        analysed.increment();
    }

    private void analyse(Exchange exchange) {
        try {
            exchangeListener.accept(exchange);
            Observation current = Observation.of(exchange);
            if (!current.failed()) {
                noise.learnFrom(current, index, diff);
                for (Rule rule : rules) {
                    rule.evaluate(current, index).ifPresent(this::store);
                }
            }
            // A failed write stays in the history too: it may have reached the server (a 504), and
            // a restart, which loads history from the store, sees it as well.
            index.add(current);
        } catch (RuntimeException e) {
            // Once a minute at most: a bug that trips on every exchange must not flood the log.
            long now = System.nanoTime();
            if (now - lastFailureLog > 60_000_000_000L || lastFailureLog == 0) {
                LOG.log(
                        Level.WARNING,
                        "analysing exchange " + exchange.id() + " failed (" + failuresSinceLog
                                + " more since the last report)",
                        e);
                lastFailureLog = now;
                failuresSinceLog = 0;
            } else {
                failuresSinceLog++;
            }
        }
        analysed.increment();
    }

    private void store(Verdict v) {
        try {
            Map<String, Object> evidence = new LinkedHashMap<>();
            evidence.put("standard", v.standard());
            evidence.put("differences", v.differences());
            evidence.put("retryHints", v.retryHints());
            evidence.put("ignored", v.ignored());
            evidence.put("compared", v.compared());
            Finding f = findings.upsert(new FindingStore.FindingDraft(
                    v.rule(),
                    v.subject(),
                    v.severity().json(),
                    v.method(),
                    v.url(),
                    v.message(),
                    JSON.writeValueAsString(evidence),
                    v.exchangeIds(),
                    v.firstSeen(),
                    v.lastSeen()));
            listener.accept(f);
        } catch (SQLException | JsonProcessingException e) {
            LOG.warning("storing a " + v.rule() + " finding failed: " + e.getMessage());
        }
    }

    /** Analyses what is queued (up to {@code deadline}), then stops. */
    public void close(Duration deadline) {
        closing = true;
        try {
            thread.join(deadline.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        findings.close();
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
