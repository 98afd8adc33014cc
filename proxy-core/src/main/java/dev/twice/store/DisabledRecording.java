package dev.twice.store;

import dev.twice.capture.Exchange;
import dev.twice.capture.ExchangeSink;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/** The sink used when the db cannot be opened: proxying goes on, every exchange is counted as dropped. */
public final class DisabledRecording implements ExchangeSink {

    private final String reason;
    private final LongAdder dropped = new LongAdder();

    public DisabledRecording(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean offer(Exchange exchange) {
        dropped.increment();
        return false;
    }

    public RecordingStats stats() {
        return new RecordingStats(false, 0, dropped.sum(), 0, Map.of(), 0, Optional.of(reason));
    }
}
