package dev.twice.store;

import java.time.Instant;
import java.util.List;

/**
 * A stored finding: one per rule and subject. {@code evidenceJson} holds the differences, the
 * standard cited and the retry hints as a JSON object.
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
        String evidenceJson) {

    public Finding {
        exchangeIds = List.copyOf(exchangeIds);
    }
}
