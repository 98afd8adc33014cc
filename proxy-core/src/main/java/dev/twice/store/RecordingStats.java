package dev.twice.store;

import java.util.Map;
import java.util.Optional;

/**
 * How recording is doing, as one snapshot. {@code dropped}: exchanges not stored because the queue
 * was full or recording is off; {@code failed}: exchanges lost to a store error, by SQLite result
 * code; {@code bodiesShed}: exchanges stored without their body bytes under write pressure.
 */
public record RecordingStats(
        boolean enabled,
        long recorded,
        long dropped,
        long bodiesShed,
        Map<String, Long> failed,
        int queueDepth,
        Optional<String> problem) {

    public RecordingStats {
        failed = Map.copyOf(failed);
    }

    public long failedTotal() {
        return failed.values().stream().mapToLong(Long::longValue).sum();
    }
}
