package dev.twice.verify;

import dev.twice.analysis.ResponseComparison;
import dev.twice.capture.CapturedBody;
import dev.twice.capture.Exchange;
import dev.twice.capture.Header;
import dev.twice.capture.HeaderRedactor;
import dev.twice.capture.IdempotencyKey;
import dev.twice.proxy.VerificationMark;
import dev.twice.store.ExchangeQueries;
import dev.twice.store.StoredExchange;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Proves a finding on demand by sending a recorded request again (docs/verification.md): only
 * when {@code --allow-verify} is given, at most {@link #CONCURRENT} at once with a few more
 * waiting, one at a time per URL, each step bounded by a timeout. The last {@link #KEPT}
 * verifications are kept in memory for the API.
 */
public final class Verifier implements AutoCloseable {

    static final int CONCURRENT = 2;
    static final int WAITING = 8;
    static final int KEPT = 200;
    static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);

    /** What a request to start one gets: a verification under way, or a refusal with its HTTP status. */
    public sealed interface Outcome permits Started, Refused {}

    public record Started(Verification verification) implements Outcome {}

    public record Refused(int status, String reason) implements Outcome {}

    /** Verification is off: every start is refused, naming the flag. */
    public static final Verifier OFF =
            new Verifier(ExchangeQueries.NONE, Optional.empty(), VerificationMark.random(), null, 0, false);

    private final ExchangeQueries store;
    private final Optional<InetSocketAddress> proxy;
    private final VerificationMark mark;
    private final ResponseComparison comparison;
    private final long maxBody;
    private final boolean allowed;
    private final AtomicLong ids = new AtomicLong();
    private final Map<Long, VerificationRun> runs = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, VerificationRun> eldest) {
            return size() > KEPT;
        }
    });
    private final Set<String> busyUrls = ConcurrentHashMap.newKeySet();
    private final ThreadPoolExecutor pool;

    /** Verification allowed ({@code --allow-verify}); requests go through {@code proxy} marked with {@code mark}. */
    public Verifier(
            ExchangeQueries store,
            Optional<InetSocketAddress> proxy,
            VerificationMark mark,
            ResponseComparison comparison,
            long maxBody) {
        this(store, proxy, mark, comparison, maxBody, true);
    }

    private Verifier(
            ExchangeQueries store,
            Optional<InetSocketAddress> proxy,
            VerificationMark mark,
            ResponseComparison comparison,
            long maxBody,
            boolean allowed) {
        this.store = store;
        this.proxy = proxy;
        this.mark = mark;
        this.comparison = comparison;
        this.maxBody = maxBody;
        this.allowed = allowed;
        this.pool = new ThreadPoolExecutor(
                CONCURRENT, CONCURRENT, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(WAITING), r -> {
                    Thread t = new Thread(r, "twice-verifier");
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
    }

    public boolean allowed() {
        return allowed;
    }

    /** Starts verifying recorded exchange {@code exchangeId}, or says why not. */
    public Outcome start(long exchangeId) {
        if (!allowed) {
            return new Refused(
                    403,
                    "verification is off: start twice with --allow-verify (it re-sends recorded "
                            + "requests to the upstream)");
        }
        if (proxy.isEmpty()) {
            return new Refused(409, "a dashboard-only twice has no proxy to send through: verify from an instance");
        }
        Optional<StoredExchange> found = store.find(exchangeId);
        if (found.isEmpty()) {
            return new Refused(404, "no such exchange");
        }
        Exchange e = found.get().exchange();
        Optional<String> why = unverifiable(e);
        if (why.isPresent()) {
            return new Refused(422, why.get());
        }
        if (!busyUrls.add(e.url())) {
            return new Refused(409, "a verification of " + e.url() + " is already running; one at a time per URL");
        }
        List<String> without = new ArrayList<>();
        List<Header> headers = new ArrayList<>();
        for (Header h : e.requestHeaders()) {
            if (h.value().equals(HeaderRedactor.REDACTED)) {
                if (!without.contains(h.name())) {
                    without.add(h.name());
                }
            } else {
                headers.add(h);
            }
        }
        long id = ids.incrementAndGet();
        VerificationRun run = new VerificationRun(
                id, e, headers, without, new StepSender(proxy.get(), mark, STEP_TIMEOUT, maxBody), comparison, store);
        runs.put(id, run);
        try {
            pool.execute(() -> {
                try {
                    run.run();
                } finally {
                    busyUrls.remove(e.url());
                }
            });
        } catch (RejectedExecutionException full) {
            runs.remove(id);
            busyUrls.remove(e.url());
            return new Refused(
                    503, CONCURRENT + " verifications are running and " + WAITING + " waiting; try again shortly");
        }
        return new Started(run.snapshot());
    }

    /** Why a recorded exchange cannot be verified, or empty when it can. */
    static Optional<String> unverifiable(Exchange e) {
        String m = e.method();
        if (m.equals("POST") && IdempotencyKey.of(e.requestHeaders()).isEmpty()) {
            return Optional.of("a POST without an Idempotency-Key is not verified: sending it again would "
                    + "create what the verification tests for");
        }
        if (!m.equals("PUT") && !m.equals("DELETE") && !m.equals("POST")) {
            return Optional.of("only a PUT, a DELETE or a POST with an Idempotency-Key can be verified, not a " + m);
        }
        CapturedBody body = e.requestBody();
        if (body.truncated()) {
            return Optional.of("the request body was not kept whole (" + body.stored().length + " of " + body.size()
                    + " bytes: --max-body, or shed under pressure), so it cannot be sent as recorded");
        }
        if (body.form().decoded() || !Arrays.equals(sha256(body.stored()), body.sha256())) {
            return Optional.of(
                    "the request body was stored with secret fields masked, so it cannot be sent as " + "recorded");
        }
        return Optional.empty();
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
    }

    public Optional<Verification> get(long id) {
        VerificationRun run = runs.get(id);
        return run == null ? Optional.empty() : Optional.of(run.snapshot());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
