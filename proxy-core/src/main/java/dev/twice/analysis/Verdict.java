package dev.twice.analysis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What one rule concluded from one exchange: a finding to create or extend. {@code subject}
 * identifies it within its rule (the URL and request payload, or the idempotency key), so repeats
 * extend the same finding instead of making new ones. {@code ignored} says what the comparison set
 * aside as noise (masked tokens, learned noise), so the evidence shows why something did not count.
 */
record Verdict(
        String rule,
        Severity severity,
        String subject,
        String method,
        String url,
        List<Long> exchangeIds,
        String message,
        List<Difference> differences,
        String standard,
        List<String> retryHints,
        List<String> ignored,
        Instant firstSeen,
        Instant lastSeen) {

    Verdict {
        ignored = List.copyOf(ignored);
        exchangeIds = List.copyOf(exchangeIds);
        differences = List.copyOf(differences);
        retryHints = List.copyOf(retryHints);
    }

    /**
     * The two exchanges whose responses the differences compare, for the evidence to show side by
     * side: the GETs after each PUT for {@code put-divergent-state}, else the first and the last
     * involved (a key's first answer and its latest retry, not the two latest retries).
     */
    List<Long> compared() {
        if (rule.equals(PutDivergentStateRule.ID) && exchangeIds.size() == 4) {
            return List.of(exchangeIds.get(1), exchangeIds.get(3));
        }
        return exchangeIds.size() < 2
                ? exchangeIds
                : List.of(exchangeIds.get(0), exchangeIds.get(exchangeIds.size() - 1));
    }

    /** RFC 9110 on PUT and idempotent methods: what the PUT rules cite. */
    static final String PUT_STANDARD = "RFC 9110 §9.3.4 (PUT), §9.2.2 (idempotent methods)";

    /**
     * The one way rules conclude: {@code involved} are the exchanges the finding rests on, in the
     * order they happened (their ids and retry hints go into the finding); the comparison's
     * differences and what it set aside are the evidence.
     */
    static Verdict of(
            String rule,
            Severity severity,
            String subject,
            String method,
            String url,
            List<Observation> involved,
            String message,
            Comparison comparison,
            String standard) {
        List<String> hints = new ArrayList<>();
        for (Observation o : involved) {
            hints.addAll(o.retryHints());
        }
        // When the traffic happened, not when it was analysed: the first involved exchange's start,
        // the last one's end.
        Instant first = involved.stream()
                .map(Observation::startedAt)
                .min(Instant::compareTo)
                .orElseThrow();
        Instant last = involved.stream()
                .map(Observation::endedAt)
                .max(Instant::compareTo)
                .orElseThrow();
        return new Verdict(
                rule,
                severity,
                subject,
                method,
                url,
                involved.stream().map(Observation::id).toList(),
                message,
                comparison.differences(),
                standard,
                hints,
                comparison.ignored(),
                first,
                last);
    }

    /** The subject of a finding about one request: its URL and the hash of its body. */
    static String requestSubject(Observation o) {
        return o.url() + " " + o.requestSha256();
    }
}
