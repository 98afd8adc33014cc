package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.ExchangeSink;
import dev.twice.capture.StoredRedaction;
import dev.twice.capture.Traffic;
import dev.twice.capture.WriteMark;
import dev.twice.config.RetentionPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The store when the db cannot be opened: proxying goes on, every exchange is counted as dropped,
 * every read is empty, and {@link #stats()} says why.
 */
final class RecordingOff implements Store, ExchangeSink {

    private final String reason;
    private final LongAdder dropped = new LongAdder();

    RecordingOff(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean offer(Exchange exchange) {
        dropped.increment();
        return false;
    }

    @Override
    public boolean offerMark(WriteMark mark) {
        return false;
    }

    @Override
    public ExchangeSink sink() {
        return this;
    }

    @Override
    public long lastId() {
        return 0;
    }

    @Override
    public void shedBodies(boolean shed) {}

    @Override
    public void beforeWrite(StoredRedaction step) {}

    @Override
    public void onCommitted(Consumer<List<Traffic>> listener) {}

    @Override
    public ExchangeQueries queries() {
        return ExchangeQueries.NONE;
    }

    @Override
    public FindingStore findings() {
        return FindingStore.NONE;
    }

    @Override
    public Retention retention(RetentionPolicy policy, Clock clock, Duration every) {
        return Retention.NONE;
    }

    @Override
    public Cleared clear() {
        return new Cleared(0, 0);
    }

    @Override
    public SharedAnalysis shared() {
        return SharedAnalysis.NONE;
    }

    @Override
    public String describe() {
        return "nothing (recording is off: " + reason + ")";
    }

    @Override
    public RecordingStats stats() {
        return new RecordingStats(false, 0, dropped.sum(), 0, Map.of(), 0, Optional.of(reason));
    }

    @Override
    public void drain(Duration deadline) {}

    @Override
    public void close(Duration deadline) {}
}
