package dev.twice.store;

import dev.twice.capture.ExchangeSink;
import dev.twice.capture.StoredRedaction;
import dev.twice.capture.Traffic;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * What both engines' stores do the same way: recording goes through one {@link StoreWriter} (its
 * bounded queue, shedding and counts); only how a batch is written differs, in the writer's
 * {@link BatchWriter}.
 */
abstract class QueuedStore implements Store {

    final StoreWriter writer;

    QueuedStore(StoreWriter writer) {
        this.writer = writer;
    }

    @Override
    public ExchangeSink sink() {
        return writer;
    }

    @Override
    public void shedBodies(boolean shed) {
        writer.shedBodies(shed);
    }

    @Override
    public void beforeWrite(StoredRedaction step) {
        writer.beforeWrite(step);
    }

    @Override
    public void onCommitted(Consumer<List<Traffic>> listener) {
        writer.onCommitted(listener);
    }

    @Override
    public RecordingStats stats() {
        return writer.stats();
    }

    @Override
    public void drain(Duration deadline) {
        writer.close(deadline);
    }
}
