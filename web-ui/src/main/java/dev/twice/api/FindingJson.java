package dev.twice.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.twice.store.Finding;
import java.util.List;

/**
 * docs/interface.md's Finding shape, plus {@code evidence}: the standard cited, the differences (JSON paths
 * with old and new values) and what the retry headers say, and {@code muted} (a person acknowledged it).
 */
record FindingJson(
        long id,
        String rule,
        String severity,
        String method,
        String url,
        List<Long> exchangeIds,
        String message,
        String firstSeen,
        String lastSeen,
        JsonNode evidence,
        boolean muted) {

    static FindingJson of(Finding f) {
        JsonNode evidence;
        try {
            evidence = JsonResponses.MAPPER.readTree(f.evidenceJson());
        } catch (JsonProcessingException e) {
            evidence = JsonResponses.MAPPER.createObjectNode();
        }
        return new FindingJson(
                f.id(),
                f.rule(),
                f.severity(),
                f.method(),
                f.url(),
                f.exchangeIds(),
                f.message(),
                JsonTime.of(f.firstSeen()),
                JsonTime.of(f.lastSeen()),
                evidence,
                f.muted());
    }

    record Page(List<FindingJson> items) {}
}
