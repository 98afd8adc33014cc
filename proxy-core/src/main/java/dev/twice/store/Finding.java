package dev.twice.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored finding: one per rule and subject. {@code evidenceJson} holds the differences, the
 * standard cited and the retry hints as a JSON object. {@code version} grows each time a finding is
 * created or extended, across the whole store: a dashboard follows a shared store's findings by it.
 * {@code muted}: a person acknowledged it; it stays muted when repeats extend it.
 */
public record Finding(
        long id,
        String rule,
        String subject,
        String severity,
        String method,
        String url,
        List<Long> exchangeIds,
        String message,
        Instant firstSeen,
        Instant lastSeen,
        String evidenceJson,
        long version,
        boolean muted) {

    public Finding {
        exchangeIds = List.copyOf(exchangeIds);
    }
}
