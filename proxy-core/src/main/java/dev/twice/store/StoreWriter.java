package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.ExchangeSink;
import dev.twice.capture.StoredRedaction;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one thread that writes to the store (either engine's {@link BatchWriter}). The request path only
 * ever calls {@link #offer}, which never blocks: a full queue drops the exchange (counted), and when
 * the bodies waiting in memory pass the byte budget new exchanges are queued without their body bytes,
 * so under write pressure body bytes are shed before rows. The writer drains the queue in batches, one
 * transaction each.
 */
final class StoreWriter implements ExchangeSink {

    private static final Logger LOG = Logger.getLogger(StoreWriter.class.getName());
    private static final int BATCH = 1024;
    private static final Duration BACKOFF = Duration.ofMillis(250);
    /** A store that is away is tried again at least this often. */
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);
    /**
     * A batch smaller than this waits {@link #LINGER} for company before it is written: at a sidecar's
     * usual rate (hundreds to a few thousand exchanges a second) one transaction per exchange cost
     * more CPU than the proxying itself (bench/README.md, "A sidecar's day"); a few milliseconds
     * later in the store is invisible to the analysis and the page.
     */
    private static final int LINGER_BELOW = 64;

    private static final long LINGER = TimeUnit.MILLISECONDS.toNanos(5);
    /**
     * Nor does a batch whose bodies already weigh this much: large rows gain little from company,
     * and a batch must stay small enough that the WAL limit is passed by one small batch at most.
     */
    private static final long LINGER_BELOW_BYTES = 64 * 1024;
    /** Quiet this long, the writer gives the WAL back (docs/reliability.md G63). */
    static final Duration IDLE_BEFORE_TRUNCATE = Duration.ofSeconds(1);

    /** Writer thread only. */
    private final BatchWriter inserter;
    /** Exchanges and marks of unrecorded writes, in one queue so that the analysis gets them in order. */
    private final BlockingQueue<Traffic> queue;

    private final long bodyBudget;
    private final AtomicLong heldBodyBytes = new AtomicLong();
    private final LongAdder recorded = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder shed = new LongAdder();
    private final Map<String, LongAdder> failed = new ConcurrentHashMap<>();
    private final AtomicBoolean dropBurst = new AtomicBoolean();
    private final AtomicBoolean shedBurst = new AtomicBoolean();
    private final Thread thread;
    private volatile Consumer<List<Traffic>> committed = batch -> {};
    private volatile boolean closing;
    private volatile String problem;
    /** While set, exchanges are queued without body bytes (the heap is nearly full). */
    private volatile boolean shortOfMemory;

    private volatile StoredRedaction beforeWrite = StoredRedaction.NONE;
    private boolean failureBurst;

    StoreWriter(BatchWriter inserter, int capacity, long bodyBudget) {
        this.inserter = inserter;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.bodyBudget = bodyBudget;
        this.thread = new Thread(this::run, "twice-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    @Override
    public boolean offer(Exchange exchange) {
        if (closing) {
            dropped.increment();
            return false;
        }
        Exchange e = exchange;
        long bytes = e.heldBodyBytes();
        boolean shedNow = shortOfMemory; // read once: the accounting below must agree with itself
        if (bytes > 0 && (shedNow || heldBodyBytes.addAndGet(bytes) > bodyBudget)) {
            if (!shedNow) {
                heldBodyBytes.addAndGet(-bytes);
            }
            e = e.withoutBodyBytes();
            bytes = 0;
            shed.increment();
            if (shedBurst.compareAndSet(false, true)) {
                LOG.warning("recording bodies shed: "
                        + (shedNow
                                ? "the heap is nearly full"
                                : "over " + (bodyBudget >> 20) + " MiB of bodies wait to be written")
                        + "; rows, headers and hashes are still kept");
            }
        }
        if (!queue.offer(e)) {
            heldBodyBytes.addAndGet(-bytes);
            dropped.increment();
            if (dropBurst.compareAndSet(false, true)) {
                LOG.warning("recording queue full (" + queue.size()
                        + " waiting): dropping exchanges until the store catches up");
            }
            return false;
        }
        return true;
    }

    /** A mark is counted as dropped like an exchange when the queue is full: the analysis misses it. */
    @Override
    public boolean offerMark(WriteMark mark) {
        if (closing || !queue.offer(mark)) {
            dropped.increment();
            return false;
        }
        return true;
    }

    void shedBodies(boolean shed) {
        shortOfMemory = shed;
    }

    /** Applied on the writer thread to each exchange before it is written (secret masking). */
    void beforeWrite(StoredRedaction step) {
        beforeWrite = step;
    }

    /** Called on the writer thread with each batch once it is committed; must not block. */
    void onCommitted(Consumer<List<Traffic>> listener) {
        committed = listener;
    }

    RecordingStats stats() {
        Map<String, Long> f = new TreeMap<>();
        failed.forEach((k, v) -> f.put(k, v.sum()));
        return new RecordingStats(
                true, recorded.sum(), dropped.sum(), shed.sum(), f, queue.size(), Optional.ofNullable(problem));
    }

    /** Stops taking exchanges, writes what is queued (up to {@code deadline}) and closes the connection. */
    void close(Duration deadline) {
        closing = true;
        try {
            thread.join(Math.max(1, deadline.toMillis())); // join(0) would wait forever
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warning(
                    "store writer did not finish within " + deadline + "; " + queue.size() + " exchanges not written");
            thread.interrupt();
        }
    }

    private void run() {
        List<Traffic> batch = new ArrayList<>(BATCH);
        long lastWrite = 0; // nanoTime of the last batch since the WAL was last given back; 0: none
        try {
            while (true) {
                Traffic first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    if (lastWrite != 0 && System.nanoTime() - lastWrite > IDLE_BEFORE_TRUNCATE.toNanos()) {
                        inserter.idle();
                        lastWrite = 0;
                    }
                    continue;
                }
                lastWrite = System.nanoTime();
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                if (batch.size() < LINGER_BELOW && bodyBytes(batch) < LINGER_BELOW_BYTES && !closing) {
                    // parked rather than polling: producers then never have a waiting writer to wake
                    LockSupport.parkNanos(LINGER);
                    queue.drainTo(batch, BATCH - batch.size());
                }
                long bytes = bodyBytes(batch);
                batch.replaceAll(this::prepare);
                writeWithRetry(batch);
                heldBodyBytes.addAndGet(-bytes);
                batch.clear();
                if (queue.isEmpty()) {
                    dropBurst.set(false);
                    shedBurst.set(false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly();
        }
    }

    private static long bodyBytes(List<Traffic> batch) {
        long bytes = 0;
        for (Traffic t : batch) {
            bytes += t instanceof Exchange e ? e.heldBodyBytes() : 0;
        }
        return bytes;
    }

    /** A masking step that fails must not put secrets on disk: the exchange is then kept without its bodies. */
    private Traffic prepare(Traffic t) {
        if (t instanceof WriteMark m) {
            return beforeWrite.apply(m); // its URL's query is masked like an exchange's
        }
        Exchange e = (Exchange) t;
        try {
            return beforeWrite.apply(e);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError bug) {
            LOG.log(Level.WARNING, "masking exchange " + e.id() + " failed; storing it without bodies", bug);
            return e.withoutBodyBytes();
        }
    }

    private void writeWithRetry(List<Traffic> batch) throws InterruptedException {
        Optional<BatchWriter.Pause> pause = inserter.pause();
        if (pause.isPresent()) {
            if (!failureBurst) {
                LOG.warning(pause.get().sentence() + "; recording pauses until it clears, proxying goes on");
                failureBurst = true;
            }
            problem = pause.get().code() + ": " + pause.get().sentence();
            failed.computeIfAbsent(pause.get().code(), k -> new LongAdder()).add(batch.size());
            return;
        }
        long backoff = BACKOFF.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                List<Traffic> stored = inserter.write(batch, attempt > 1);
                if (failureBurst) {
                    LOG.info("recording resumed");
                    failureBurst = false;
                    problem = null;
                }
                recorded.add(stored.stream()
                        .filter(t -> t instanceof Exchange)
                        .count()); // after clearing the problem: a reader seeing the count sees it cleared
                committed.accept(stored);
                return;
            } catch (SQLException e) {
                inserter.discard();
                String reason = inserter.reason(e);
                if (!failureBurst) {
                    LOG.log(
                            Level.WARNING,
                            "recording failed (" + reason + "): " + e.getMessage() + "; proxying goes on, will retry");
                    failureBurst = true;
                }
                problem = reason + ": " + e.getMessage();
                boolean waits = inserter.waitsOut(e);
                if ((attempt >= 2 && !waits) || closing) {
                    failed.computeIfAbsent(reason, k -> new LongAdder()).add(batch.size());
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF.toMillis());
            }
        }
    }

    private void closeQuietly() {
        inserter.close();
    }
}
